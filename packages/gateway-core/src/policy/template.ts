/**
 * Just enough of a synthesized CloudFormation template for the policy rules: resources, their
 * CDK construct paths (`aws:cdk:path` metadata) and a readable rendering of intrinsic functions.
 */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  /** `Retain`, `Delete`, `Snapshot`, …; CloudFormation deletes when absent. */
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  readonly Parameters?: Record<string, { readonly Type?: string; readonly Default?: unknown; readonly AllowedValues?: readonly unknown[] }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Rules?: Record<string, { readonly RuleCondition?: unknown; readonly Assertions?: unknown }>;
  readonly Resources?: Record<string, CfnResource>;
}

export interface TemplateResource {
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** The construct path when CDK recorded it, else `<stack>/<logicalId>`. */
  readonly path: string;
}

/** Every resource of `type` in the template, with its construct path. */
export function resourcesOfType(template: CfnTemplate, stackName: string, type: string): TemplateResource[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ logicalId, resource, path: constructPath(resource, stackName, logicalId) }));
}

export function constructPath(resource: CfnResource, stackName: string, logicalId: string): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? path : `${stackName}/${logicalId}`;
}

/**
 * Renders a value with intrinsics as one readable string: `{Ref: X}` → `${X}`,
 * `Fn::GetAtt` → `${X.Attr}`, `Fn::Join` joined, `Fn::Sub` as written.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(render).join(',');
  if (isObject(value)) {
    if ('Ref' in value) return `\${${render(value.Ref)}}`;
    const getAtt = value['Fn::GetAtt'];
    if (getAtt !== undefined) return `\${${Array.isArray(getAtt) ? getAtt.map(render).join('.') : render(getAtt)}}`;
    const join = value['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(render).join(render(join[0]));
    const sub = value['Fn::Sub'];
    if (sub !== undefined) return render(Array.isArray(sub) ? sub[0] : sub);
    const importValue = value['Fn::ImportValue'];
    if (importValue !== undefined) return `\${Import:${render(importValue)}}`;
  }
  return JSON.stringify(value);
}

/** Logical ids (resources or parameters, not pseudo parameters) a value references. */
export function references(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    if (typeof node.Ref === 'string' && !node.Ref.startsWith('AWS::')) found.push(node.Ref);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') found.push(getAtt[0]);
    if (typeof getAtt === 'string') found.push(getAtt.split('.')[0] as string);
    const sub = node['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (subText) {
      for (const match of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) found.push(match[1] as string);
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'Ref' && key !== 'Fn::GetAtt') visit(child);
  };
  visit(value);
  return found;
}

/** A value as a list: CloudFormation accepts a single item where a list is expected. */
export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
