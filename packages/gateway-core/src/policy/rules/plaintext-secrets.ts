import { isObject, resourcesOfType } from '../template.ts';
import { findingOf, stackOwner, type PolicyRule } from './rule.ts';

const PATTERNS: readonly { readonly name: string; readonly test: RegExp }[] = [
  { name: 'an AWS access key id', test: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/ },
  { name: 'a PEM private key or certificate', test: /-----BEGIN [A-Z ]+-----/ },
  { name: 'a JSON Web Token', test: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/ },
  {
    name: 'a provider token (GitHub, Slack, Stripe, OpenAI, Google)',
    test: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|xox[abprs]-[\w-]{10,}|[sr]k_live_\w{16,}|sk-[A-Za-z0-9_-]{20,}|AIza[\w-]{35})/,
  },
  { name: 'a URL with an embedded password', test: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
/** Values that name a secret rather than hold one. */
const REFERENCE = /^(arn:|\/|\{\{resolve:|\$\{)/;

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) bits -= (count / value.length) * Math.log2(count / value.length);
  return bits;
}

/** Why `value` (of variable `name`) looks like a secret, or `undefined`. */
export function secretLikeness(name: string, value: string): string | undefined {
  const pattern = PATTERNS.find((candidate) => candidate.test.test(value));
  if (pattern) return `looks like ${pattern.name}`;
  if (REFERENCE.test(value)) return undefined;
  if (value.length >= 20 && /^[A-Za-z0-9+/=_-]+$/.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value) && entropy(value) >= 4) {
    return 'is a long high-entropy string, like a key or token';
  }
  if (SECRET_NAME.test(name) && value.length >= 8 && !/\s/.test(value)) return `is named like a secret and holds a literal value`;
  return undefined;
}

/** FD-SECRET-001: no plaintext secrets in function environment variables. */
export const plaintextSecrets: PolicyRule = {
  id: 'FD-SECRET-001',
  title: 'No plaintext secrets in function environment variables',
  level: 'error',
  rationale:
    'Environment variables are readable by anyone who can read the function configuration or the template in the CDK output and git history; a key written there is leaked.',
  fix: 'Store the value in Secrets Manager or an SSM SecureString and pass only its name/ARN in the environment',
  check(input) {
    return (input.stacks ?? []).flatMap((stack) => {
      const { file } = stackOwner(input, stack);
      return resourcesOfType(stack.template, stack.stackName, 'AWS::Lambda::Function').flatMap(({ logicalId, resource, path }) => {
        const environment = resource.Properties?.Environment;
        const variables = isObject(environment) && isObject(environment.Variables) ? environment.Variables : {};
        return Object.entries(variables).flatMap(([name, value]) => {
          if (typeof value !== 'string') return [];
          const why = secretLikeness(name, value);
          if (!why) return [];
          return [
            findingOf(this, {
              app: stack.app,
              resource: { path, logicalId, aliases: [`${logicalId}.${name}`, name] },
              message: `environment variable ${name} of ${logicalId} ${why}`,
              ...(file === undefined ? {} : { file, anchor: name }),
            }),
          ];
        });
      });
    });
  },
};
