/**
 * Values that look like configuration but can never be a real stage's: the names reserved for
 * documentation and testing. A stage deployed with one would deny every token (nobody can run an
 * issuer there) or point DNS at a zone nobody owns, so `prod` refuses them at synth and every
 * stage refuses them at deploy.
 */

/**
 * RFC 2606 §2 reserves the TLDs `.test`, `.example`, `.invalid`, `.localhost`; §3 reserves
 * `example.com`, `example.net`, `example.org` (RFC 6761 §6 keeps them reserved).
 */
const RESERVED_HOST = /(^|\.)(example\.(com|net|org)|[^.]+\.(test|example|invalid|localhost)|localhost)$/i;
const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|\[::1\])$/;
/** The account id AWS's own documentation uses in example ARNs. */
const DOCUMENTATION_ACCOUNT = ':123456789012:';

/** Why `value` is a placeholder, or `undefined` when it may be real. */
export function placeholderReason(value: string): string | undefined {
  const host = hostOf(value);
  if (host !== undefined && RESERVED_HOST.test(host)) return `"${host}" is a name reserved for documentation and tests (RFC 2606)`;
  if (host !== undefined && LOOPBACK_HOST.test(host)) return `"${host}" is this machine, not something AWS can reach`;
  // AWS documentation style: AKIAIOSFODNN7EXAMPLE, Z0000000EXAMPLE.
  if (/EXAMPLE/.test(value)) return `"${value}" is an example value`;
  if (value.startsWith('arn:') && value.includes(DOCUMENTATION_ACCOUNT)) return `"${value}" uses AWS's documentation account 123456789012`;
  return undefined;
}

/** The host of a URL, or the value itself when it is a bare DNS name. */
function hostOf(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      return new URL(value).hostname.toLowerCase();
    } catch {
      return undefined;
    }
  }
  return /^[A-Za-z0-9.-]+$/.test(value) && value.includes('.') ? value.toLowerCase() : undefined;
}
