import type { CfnTemplate } from '@frontdesk/gateway-core/policy';

/**
 * Names template resources by construct path rather than logical id, minus the stack name and
 * the trailing `/Resource`: `App/Secrets/FilesSigningKey`. Paths are what a reviewer recognises
 * and they do not carry the stage, so base and head (and two stacks) compare by the same name.
 */
export class TemplatePaths {
  private readonly byId = new Map<string, string>();

  constructor(readonly template: CfnTemplate | undefined) {
    for (const [logicalId, resource] of Object.entries(template?.Resources ?? {})) {
      const path = resource.Metadata?.['aws:cdk:path'];
      this.byId.set(logicalId, typeof path === 'string' ? shortPath(path) : logicalId);
    }
  }

  /** The short path of a logical id, or undefined when it is not a resource of this template (a parameter, say). */
  pathOf(logicalId: string): string | undefined {
    return this.byId.get(logicalId);
  }

  /** Every resource path in the template. */
  paths(): Set<string> {
    return new Set(this.byId.values());
  }

  /**
   * A value with intrinsics as readable text, references by path: `{Ref: X}` → `${App/Table}`,
   * `Fn::GetAtt` → `${App/Table.Arn}`, `Fn::Join` joined, `Fn::Sub` with its names resolved.
   */
  render(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map((item) => this.render(item)).join(',');
    if (isObject(value)) {
      if (typeof value.Ref === 'string') return `\${${this.name(value.Ref)}}`;
      const getAtt = value['Fn::GetAtt'];
      if (getAtt !== undefined) {
        const [id, ...attribute] = Array.isArray(getAtt) ? getAtt.map(String) : String(getAtt).split('.');
        return `\${${[this.name(id ?? ''), ...attribute].join('.')}}`;
      }
      const join = value['Fn::Join'];
      if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map((item) => this.render(item)).join(this.render(join[0]));
      const sub = value['Fn::Sub'];
      if (sub !== undefined) {
        const text = this.render(Array.isArray(sub) ? sub[0] : sub);
        return text.replace(
          /\$\{([A-Za-z0-9]+)((?:\.[A-Za-z0-9.]+)?)\}/g,
          (_, id: string, attribute: string) => `\${${this.name(id)}${attribute}}`,
        );
      }
      const importValue = value['Fn::ImportValue'];
      if (importValue !== undefined) return `\${Import:${this.render(importValue)}}`;
    }
    return JSON.stringify(value);
  }

  /** Resource paths a value references (Ref, GetAtt, Sub). */
  referencedPaths(value: unknown): string[] {
    const found: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!isObject(node)) return;
      const ids: string[] = [];
      if (typeof node.Ref === 'string') ids.push(node.Ref);
      const getAtt = node['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') ids.push(getAtt[0]);
      if (typeof getAtt === 'string') ids.push(getAtt.split('.')[0] as string);
      const sub = node['Fn::Sub'];
      const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
      if (text) for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)/g)) ids.push(match[1] as string);
      for (const id of ids) {
        const path = this.byId.get(id);
        if (path) found.push(path);
      }
      for (const [key, child] of Object.entries(node)) if (key !== 'Ref' && key !== 'Fn::GetAtt') visit(child);
    };
    visit(value);
    return found;
  }

  private name(logicalId: string): string {
    return this.byId.get(logicalId) ?? logicalId;
  }
}

/** `frontdesk-prod-app-orders/App/Table/Resource` → `App/Table`. */
function shortPath(path: string): string {
  return (
    path
      .split('/')
      .slice(1)
      .join('/')
      .replace(/\/(Resource|Default)$/, '') || path
  );
}

/** A value as a list: CloudFormation accepts a single item where a list is expected. */
export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
