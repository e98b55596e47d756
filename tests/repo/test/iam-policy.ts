/**
 * A small IAM policy evaluator for tests of `.github/aws/deploy-roles.yml`: enough of the policy
 * language (Action/NotAction, Resource/NotResource with `*` and `?`, the string and Null
 * condition operators, explicit deny wins, otherwise an allow is needed) to ask "may this role
 * do X to Y" of the templates as written, rather than compare their text.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

/** One request: an action on a resource, with the condition keys the request carries. */
export interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/** IAM wildcard matching: `*` any run of characters (`/` and `:` included), `?` one character. */
function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

function conditionHolds(operator: string, key: string, expected: readonly string[], context: Request['context']): boolean {
  const present = context?.[key];
  const actual = list(present);
  const forAny = operator.startsWith('ForAnyValue:');
  const op = operator.replace(/^ForAnyValue:|^ForAllValues:/, '');
  if (op === 'Null') return (present === undefined) === (expected[0] === 'true');
  const test = (value: string): boolean => {
    switch (op) {
      case 'StringEquals':
        return expected.includes(value);
      case 'StringNotEquals':
        return !expected.includes(value);
      case 'StringLike':
        return expected.some((pattern) => wildcard(pattern, value));
      case 'StringNotLike':
        return !expected.some((pattern) => wildcard(pattern, value));
      case 'ArnLike':
      case 'ArnEquals':
        return expected.some((pattern) => wildcard(pattern, value));
      default:
        throw new Error(`the test evaluator does not know the condition operator ${operator}`);
    }
  };
  // A negated operator on an absent key holds; a positive one does not (IAM's rule).
  if (actual.length === 0) return op === 'StringNotEquals' || op === 'StringNotLike';
  return forAny ? actual.some(test) : actual.every(test);
}

function applies(statement: Statement, request: Request): boolean {
  const actionMatches = (patterns: readonly string[]) => patterns.some((pattern) => wildcard(pattern, request.action, true));
  if (statement.Action !== undefined && !actionMatches(list(statement.Action))) return false;
  if (statement.NotAction !== undefined && actionMatches(list(statement.NotAction))) return false;
  const resourceMatches = (patterns: readonly string[]) => patterns.some((pattern) => wildcard(pattern, request.resource));
  if (statement.Resource !== undefined && !resourceMatches(list(statement.Resource))) return false;
  if (statement.NotResource !== undefined && resourceMatches(list(statement.NotResource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, list(expected), request.context)),
  );
}

/** `allowed` when a statement allows it and none denies it; `denied` for an explicit deny; else `implicit-deny`. */
export function decide(statements: readonly Statement[], request: Request): 'allowed' | 'denied' | 'implicit-deny' {
  const matching = statements.filter((statement) => applies(statement, request));
  if (matching.some((statement) => statement.Effect === 'Deny')) return 'denied';
  return matching.some((statement) => statement.Effect === 'Allow') ? 'allowed' : 'implicit-deny';
}
