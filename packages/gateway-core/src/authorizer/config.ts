import { DEFAULT_DPOP_MODE, DPOP_MODES, type DpopMode } from '../contract/dpop-mode.ts';
import { FrontdeskError } from '../contract/errors.ts';
import { ASYMMETRIC_ALGORITHMS, MAX_CLOCK_TOLERANCE_SECONDS } from '../contract/token-rules.ts';

/** The authorizer's settings, read once at cold start by {@link loadAuthorizerConfig}. */
export interface AuthorizerConfig {
  /** `FRONTDESK_ISSUER`: the exact `iss` accepted. */
  readonly issuer: string;
  /** `FRONTDESK_AUDIENCE`: `aud` must name at least one. */
  readonly audience: readonly string[];
  /** `FRONTDESK_JWKS_URI`; `undefined` means "read `jwks_uri` from the issuer's discovery document". */
  readonly jwksUri: string | undefined;
  /** `FRONTDESK_ALGORITHMS`: asymmetric JWS algorithms accepted for access tokens. */
  readonly algorithms: readonly string[];
  /** `FRONTDESK_CLOCK_TOLERANCE`: seconds of skew allowed on `exp`/`nbf`/`iat`. */
  readonly clockToleranceSeconds: number;
  /** `FRONTDESK_DPOP`. */
  readonly dpop: DpopMode;
  /** `FRONTDESK_PUBLIC_URL` as a normalised origin (`https://api.example.com`), or `undefined`. */
  readonly publicUrl: string | undefined;
  /** `FRONTDESK_REPLAY_TABLE`: the DynamoDB table for DPoP `jti` replay protection, when deployed. */
  readonly replayTable: string | undefined;
  /** `FRONTDESK_STAGE`: carried into audit lines and metric dimensions. */
  readonly stage: string | undefined;
  /**
   * `FRONTDESK_ALLOW_UNTYPED_TOKENS` (default `false`): also accept access tokens whose `typ` is
   * absent or the generic `JWT`, for issuers that do not type their access tokens (RFC 9068 §4
   * asks for `at+jwt`). Tokens typed as anything else, and ID-token-shaped tokens, stay denied.
   */
  readonly allowUntypedTokens: boolean;
  /**
   * `FRONTDESK_JWKS_MAX_STALE_SECONDS` (default 3600): how long after the last successful JWKS
   * fetch cached keys may still verify while the issuer cannot be reached. Past it, requests are
   * denied `jwks_unavailable`, so a key revoked at the issuer does not outlive an outage by more.
   */
  readonly jwksMaxStaleSeconds: number;
  /**
   * `FRONTDESK_TOKEN_CACHE_SIZE` (default 1000, 0 disables): how many verified access tokens the
   * authorizer remembers (least recently used evicted), so a repeated token skips its signature
   * check; `exp`/`nbf`/`iat` are re-checked on every hit and a key set change empties it
   * (see `verified-token-cache.ts`).
   */
  readonly tokenCacheSize: number;
}

/**
 * What a setting must be and the offending value, for a caller that took the value under another
 * name: `RootGateway` says `clockToleranceSeconds must be a whole number from 0 to 300, got 3600`.
 */
export interface SettingRequirement {
  /** e.g. `must be a whole number from 0 to 300` */
  readonly requirement: string;
  /** The offending value (one list item for a list), as written. */
  readonly value: string;
}

/** A setting that is missing or invalid; `variable` names the environment variable. */
export class AuthorizerConfigError extends FrontdeskError<'ERR_AUTHORIZER_CONFIG'> {
  override readonly name = 'AuthorizerConfigError';
  readonly variable: string;
  /** Present when the value was set but breaks a rule. */
  readonly detail: SettingRequirement | undefined;
  constructor(variable: string, problem: string, detail?: SettingRequirement) {
    super('ERR_AUTHORIZER_CONFIG', `${variable} ${problem}`);
    this.variable = variable;
    this.detail = detail;
  }
}

const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const DEFAULT_JWKS_MAX_STALE_SECONDS = 3600;
const JWKS_MAX_STALE_RANGE = [60, 86_400] as const;
const DEFAULT_TOKEN_CACHE_SIZE = 1000;
const MAX_TOKEN_CACHE_SIZE = 100_000;

/**
 * Reads and validates the authorizer's environment variables.
 *
 * @param env - usually `process.env`; the local gateway passes its own merged record.
 * @throws {AuthorizerConfigError} naming the first missing or invalid variable.
 * @example
 * const config = loadAuthorizerConfig({ FRONTDESK_ISSUER: 'https://id.example.com', FRONTDESK_AUDIENCE: 'api' });
 */
export function loadAuthorizerConfig(env: Readonly<Record<string, string | undefined>>): AuthorizerConfig {
  const issuer = required(env, 'FRONTDESK_ISSUER');
  httpUrl('FRONTDESK_ISSUER', issuer);

  const audience = list(required(env, 'FRONTDESK_AUDIENCE'));
  if (audience.length === 0) throw new AuthorizerConfigError('FRONTDESK_AUDIENCE', 'must list at least one audience (comma-separated)');

  const jwksUriText = optional(env, 'FRONTDESK_JWKS_URI');
  const jwksUri = jwksUriText === undefined ? undefined : httpUrl('FRONTDESK_JWKS_URI', jwksUriText).href;

  const algorithms = parseAlgorithms(optional(env, 'FRONTDESK_ALGORITHMS'));

  const clockToleranceSeconds = wholeNumber(
    env,
    'FRONTDESK_CLOCK_TOLERANCE',
    DEFAULT_CLOCK_TOLERANCE_SECONDS,
    [0, MAX_CLOCK_TOLERANCE_SECONDS],
    'seconds',
  );

  const dpopText = optional(env, 'FRONTDESK_DPOP') ?? DEFAULT_DPOP_MODE;
  if (!(DPOP_MODES as readonly string[]).includes(dpopText)) {
    throw new AuthorizerConfigError('FRONTDESK_DPOP', `must be one of ${DPOP_MODES.join(', ')} (got "${dpopText}")`, {
      requirement: `must be one of ${DPOP_MODES.map((mode) => `"${mode}"`).join(', ')}`,
      value: dpopText,
    });
  }

  const publicUrlText = optional(env, 'FRONTDESK_PUBLIC_URL');
  let publicUrl: string | undefined;
  if (publicUrlText !== undefined) {
    const url = httpUrl('FRONTDESK_PUBLIC_URL', publicUrlText);
    if (
      (url.pathname !== '/' && url.pathname !== '') ||
      url.search !== '' ||
      url.hash !== '' ||
      url.username !== '' ||
      url.password !== ''
    ) {
      throw new AuthorizerConfigError(
        'FRONTDESK_PUBLIC_URL',
        `must be an origin such as https://api.example.com, without path, query or credentials (got "${publicUrlText}")`,
        {
          requirement:
            'must be an https:// origin with no path, query, fragment or credentials (http:// only for local development; e.g. "https://api.example.com")',
          value: publicUrlText,
        },
      );
    }
    publicUrl = url.origin;
  }

  const replayTable = optional(env, 'FRONTDESK_REPLAY_TABLE');
  if (replayTable !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(replayTable)) {
    throw new AuthorizerConfigError(
      'FRONTDESK_REPLAY_TABLE',
      `is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -; got "${replayTable}")`,
    );
  }

  const untypedText = optional(env, 'FRONTDESK_ALLOW_UNTYPED_TOKENS') ?? 'false';
  if (untypedText !== 'true' && untypedText !== 'false') {
    throw new AuthorizerConfigError('FRONTDESK_ALLOW_UNTYPED_TOKENS', `must be "true" or "false" (got "${untypedText}")`);
  }

  const jwksMaxStaleSeconds = wholeNumber(
    env,
    'FRONTDESK_JWKS_MAX_STALE_SECONDS',
    DEFAULT_JWKS_MAX_STALE_SECONDS,
    JWKS_MAX_STALE_RANGE,
    'seconds',
  );
  const tokenCacheSize = wholeNumber(env, 'FRONTDESK_TOKEN_CACHE_SIZE', DEFAULT_TOKEN_CACHE_SIZE, [0, MAX_TOKEN_CACHE_SIZE], 'entries');

  return {
    issuer,
    audience,
    jwksUri,
    algorithms,
    clockToleranceSeconds,
    dpop: dpopText as DpopMode,
    publicUrl,
    replayTable,
    stage: optional(env, 'FRONTDESK_STAGE'),
    allowUntypedTokens: untypedText === 'true',
    jwksMaxStaleSeconds,
    tokenCacheSize,
  };
}

function optional(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A whole-number setting: `fallback` when unset, else digits only, from `min` to `max`. The
 * message counts `unit`s (`entries` from 0 read "0 (off)": no cache).
 */
function wholeNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  [min, max]: readonly [number, number],
  unit: 'seconds' | 'entries',
): number {
  const text = optional(env, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new AuthorizerConfigError(
      name,
      `must be a whole number of ${unit} from ${min}${unit === 'entries' ? ' (off)' : ''} to ${max} (got "${text}")`,
      { requirement: `must be a whole number from ${min} to ${max}`, value: text },
    );
  }
  return value;
}

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new AuthorizerConfigError(name, 'is required but not set');
  return value;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function httpUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthorizerConfigError(name, `must be an absolute http(s) URL (got "${value}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AuthorizerConfigError(name, `must use https (or http for local development; got "${value}")`);
  }
  return url;
}

function parseAlgorithms(text: string | undefined): string[] {
  if (text === undefined) return [...DEFAULT_ALGORITHMS];
  const algorithms = list(text);
  if (algorithms.length === 0) {
    throw new AuthorizerConfigError('FRONTDESK_ALGORITHMS', 'must list at least one algorithm', {
      requirement: 'must list at least one algorithm',
      value: text,
    });
  }
  const requirement = `may only list asymmetric JWS algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')})`;
  for (const algorithm of algorithms) {
    if (/^none$/i.test(algorithm) || /^HS\d+$/i.test(algorithm)) {
      throw new AuthorizerConfigError(
        'FRONTDESK_ALGORITHMS',
        `must not list "${algorithm}": none and symmetric (HMAC) algorithms are refused`,
        { requirement, value: algorithm },
      );
    }
    if (!ASYMMETRIC_ALGORITHMS.includes(algorithm)) {
      throw new AuthorizerConfigError(
        'FRONTDESK_ALGORITHMS',
        `lists unknown algorithm "${algorithm}" (allowed: ${ASYMMETRIC_ALGORITHMS.join(', ')})`,
        { requirement, value: algorithm },
      );
    }
  }
  return algorithms;
}
