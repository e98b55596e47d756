/**
 * Which `Host` names the local servers answer. They listen on 127.0.0.1 only, but a web page can
 * still reach them through DNS rebinding: `evil.example` re-resolves to 127.0.0.1 and the browser
 * then treats the local server as same-origin with the attacker's page. Answering only loopback
 * names (and names the developer lists) closes that, on every local port.
 */
const ALLOWED_HOSTS_VARIABLE = 'FRONTDESK_ALLOWED_HOSTS';

export interface HostPolicy {
  /** Exact names (lower case, IPv6 in brackets), beyond the loopback names always allowed. */
  readonly names: ReadonlySet<string>;
  /** `.example.test` entries: any subdomain of the name. */
  readonly suffixes: readonly string[];
}

const NAME = /^(\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/;

/**
 * The policy from `FRONTDESK_ALLOWED_HOSTS` (comma-separated names; `.example.test` allows its
 * subdomains) plus the host of `FRONTDESK_PUBLIC_URL`. Loopback names need no entry: `localhost`,
 * `*.localhost` (RFC 6761 §6.3: always loopback, never sent to DNS), `127.0.0.0/8`, `[::1]`.
 * Throws naming the variable for an entry that is not a host name (`*` included: it would let any
 * rebinding page in).
 */
export function hostPolicy(env: Readonly<Record<string, string | undefined>>): HostPolicy {
  const names = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of (env[ALLOWED_HOSTS_VARIABLE] ?? '')
    .split(',')
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== '')) {
    if (!NAME.test(entry)) {
      throw new Error(
        `${ALLOWED_HOSTS_VARIABLE}: "${entry}" is not a host name; list names separated by commas (no port, no "*"; ".example.test" allows its subdomains)`,
      );
    }
    if (entry.startsWith('.')) suffixes.push(entry);
    else names.add(entry);
  }
  const publicUrl = env.FRONTDESK_PUBLIC_URL;
  if (publicUrl) {
    try {
      names.add(new URL(publicUrl).hostname.toLowerCase());
    } catch {
      // The authorizer's configuration reports a malformed FRONTDESK_PUBLIC_URL by name.
    }
  }
  return { names, suffixes };
}

/**
 * Why `host` (a `Host` header value, `name[:port]`) is refused, or `undefined` when it is allowed.
 *
 * @example hostProblem('localhost:3000', policy) // undefined
 * @example hostProblem('evil.example', policy) // 'host "evil.example" is not a loopback name …'
 */
export function hostProblem(host: string | undefined, policy: HostPolicy): string | undefined {
  if (host === undefined || host.trim() === '') return 'the request has no Host header';
  const name = hostName(host.trim().toLowerCase());
  if (name !== undefined && (isLoopback(name) || policy.names.has(name) || policy.suffixes.some((suffix) => name.endsWith(suffix))))
    return undefined;
  return `host "${host}" is not a loopback name; add it to ${ALLOWED_HOSTS_VARIABLE} to serve it`;
}

/** The name part of `name[:port]` / `[v6][:port]`; `undefined` when malformed (a list, a userinfo, …). */
function hostName(host: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^\s:,@/[\]]+)(:\d{1,5})?$/.exec(host);
  return match?.[1]?.replace(/\.$/, '');
}

function isLoopback(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(name);
}
