import { sha256 } from '../contract/sha256.ts';
import type { CompactJWSHeaderParameters, FlattenedJWSInput, JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { JOSENotSupported, JWKSMultipleMatchingKeys, JWKSNoMatchingKey } from 'jose/errors';
import { createLocalJWKSet } from 'jose/jwks/local';
import { AuthorizerDenial } from './denial-codes.ts';

export interface IssuerKeysOptions {
  /** The issuer; its discovery document names the JWKS when `jwksUri` is not given. */
  readonly issuer: string;
  readonly jwksUri: string | undefined;
  readonly fetch: typeof globalThis.fetch;
  /** One deadline for a whole load: the discovery document (first time) and the JWKS together. */
  readonly timeoutMs: number;
  /** Minimum time between two fetch attempts, successful or not. */
  readonly cooldownMs: number;
  /** Keys older than this are refreshed (in the background; the cached keys keep serving). */
  readonly maxAgeMs: number;
  /**
   * Keys older than this are refreshed before use, and not used at all if that fails: the bound
   * on how long an outage keeps a key the issuer has since revoked.
   */
  readonly maxStaleMs: number;
  readonly now: () => number;
}

/**
 * The issuer's signing keys as a `jose` key getter. `jose` selects and imports keys
 * (`createLocalJWKSet`: kid/alg/kty/use match, imports cached per key); this class only decides
 * when to fetch:
 * - the discovery document (`<issuer>/.well-known/openid-configuration`) is read once, and must
 *   name the same `issuer`;
 * - an unknown `kid` triggers at most one fetch per cooldown — counted on attempts, so an
 *   unreachable JWKS is not hammered either;
 * - when a fetch fails, keys already cached keep serving — for at most `maxStaleMs` after the last
 *   successful fetch; with no usable cached match the request is denied `jwks_unavailable` (fail closed);
 * - discovery and JWKS share one deadline (`timeoutMs`), so a cold start's load fits the
 *   function's budget (`budgets.ts`);
 * - redirects are not followed, and key URLs in token headers (`jku`, `x5u`, `jwk`) are never read.
 */
export class IssuerKeys {
  readonly #options: IssuerKeysOptions;
  #jwksUri: string | undefined;
  #local: JWTVerifyGetKey | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #lastAttemptFailed = false;
  /** What the last failed fetch attempt ran into (URL and cause), carried by `jwks_unavailable` denials. */
  #lastFailure: string | undefined;
  #pending: Promise<void> | undefined;
  /** SHA-256 of the last fetched key set's `keys`, and a counter bumped whenever it differs. */
  #fingerprint: string | undefined;
  #generation = 0;

  constructor(options: IssuerKeysOptions) {
    this.#options = options;
    this.#jwksUri = options.jwksUri;
  }

  /**
   * The getter handed to `jwtVerify`; throws {@link AuthorizerDenial} with a key-related code.
   * The access-token check remembers what it returns per raw protected header and key set
   * generation (`access-token.ts`), so it runs once per header, and whenever keys are due for a refresh.
   */
  readonly getKey = async (header: CompactJWSHeaderParameters, token: FlattenedJWSInput) => {
    const now = this.#options.now();
    if (this.#local === undefined) {
      await this.#refresh(now);
    } else if (now - this.#fetchedAt > this.#options.maxStaleMs) {
      await this.#refresh(now);
      if (now - this.#fetchedAt > this.#options.maxStaleMs) {
        throw new AuthorizerDenial(
          'jwks_unavailable',
          `cached keys are older than ${this.#options.maxStaleMs / 1000} s and the JWKS cannot be fetched`,
        );
      }
    } else if (now - this.#fetchedAt > this.#options.maxAgeMs) {
      void this.#refresh(now);
    }
    const local = this.#local;
    if (local === undefined) throw new AuthorizerDenial('jwks_unavailable', this.#lastFailure);
    try {
      return await local(header, token);
    } catch (error) {
      if (!(error instanceof JWKSNoMatchingKey)) throw mapSelectionError(error);
    }
    const refreshed = await this.#refresh(now);
    if (!refreshed)
      throw this.#lastAttemptFailed ? new AuthorizerDenial('jwks_unavailable', this.#lastFailure) : new AuthorizerDenial('unknown_kid');
    try {
      return await (this.#local as JWTVerifyGetKey)(header, token);
    } catch (error) {
      throw mapSelectionError(error);
    }
  };

  /**
   * The current key set's generation, for caches of results verified under it
   * (`verified-token-cache.ts`): it changes whenever a fetched key set differs from the previous
   * one. `undefined` when no keys are loaded or they are due for a refresh (older than
   * `maxAgeMs`, or than `maxStaleMs` when that is shorter) — then a caller verifies in full,
   * through {@link getKey}, which refreshes them and applies `maxStaleMs`; a cache hit must never
   * outlive keys the full check would no longer use.
   */
  freshGeneration(now: number): number | undefined {
    const age = now - this.#fetchedAt;
    if (this.#local === undefined || age > this.#options.maxAgeMs || age > this.#options.maxStaleMs) return undefined;
    return this.#generation;
  }

  /** Fetches the JWKS unless a fetch is running or the cooldown forbids it; `true` when new keys arrived. */
  async #refresh(now: number): Promise<boolean> {
    if (this.#pending !== undefined) {
      await this.#pending;
      return !this.#lastAttemptFailed;
    }
    if (now - this.#attemptedAt < this.#options.cooldownMs) return false;
    this.#attemptedAt = now;
    this.#pending = this.#load().then(
      ({ local, fingerprint }) => {
        if (fingerprint !== this.#fingerprint) {
          this.#fingerprint = fingerprint;
          this.#generation += 1;
        }
        this.#local = local;
        this.#fetchedAt = this.#options.now();
        this.#lastAttemptFailed = false;
      },
      (error: unknown) => {
        this.#lastAttemptFailed = true;
        this.#lastFailure = (error as Error).message;
      },
    );
    await this.#pending;
    this.#pending = undefined;
    return !this.#lastAttemptFailed;
  }

  async #load(): Promise<{ local: JWTVerifyGetKey; fingerprint: string }> {
    const deadline = AbortSignal.timeout(this.#options.timeoutMs);
    this.#jwksUri ??= await this.#discoverJwksUri(deadline);
    const jwks = await this.#fetchJson(this.#jwksUri, deadline);
    // createLocalJWKSet validates the shape (throws JWKSInvalid on anything but a key set).
    const local = createLocalJWKSet(jwks as unknown as JSONWebKeySet);
    return { local, fingerprint: sha256(JSON.stringify(jwks.keys)) };
  }

  async #discoverJwksUri(deadline: AbortSignal): Promise<string> {
    const issuer = this.#options.issuer;
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const document = await this.#fetchJson(url, deadline);
    if (document.issuer !== issuer) throw new Error(`${url} names issuer ${JSON.stringify(document.issuer)}, not ${issuer}`);
    if (typeof document.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
    const jwksUri = new URL(document.jwks_uri);
    if (jwksUri.protocol !== 'https:' && !(jwksUri.protocol === 'http:' && issuer.startsWith('http:'))) {
      throw new Error(`${url}: jwks_uri ${jwksUri.href} must use https`);
    }
    return jwksUri.href;
  }

  async #fetchJson(url: string, deadline: AbortSignal): Promise<Record<string, unknown>> {
    let response: Response;
    let body: unknown;
    try {
      response = await this.#options.fetch(url, {
        redirect: 'manual',
        headers: { accept: 'application/json, application/jwk-set+json' },
        signal: deadline,
      });
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      body = await response.json();
    } catch (error) {
      throw new Error(fetchFailure(url, error, this.#options.timeoutMs), { cause: error });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`GET ${url} is not a JSON object`);
    return body as Record<string, unknown>;
  }
}

/** `GET <url> failed: <the network error>`, with undici's `cause` (ECONNREFUSED, ENOTFOUND…) spelled out. */
function fetchFailure(url: string, error: unknown, timeoutMs: number): string {
  const { name, message, cause } = error as Error & { cause?: { code?: string; message?: string } };
  if (message.startsWith(`GET ${url}`)) return message;
  if (name === 'TimeoutError' || name === 'AbortError') return `GET ${url} failed: no answer within ${timeoutMs} ms`;
  const reason = cause?.code ?? cause?.message;
  return `GET ${url} failed: ${message}${reason ? ` (${reason})` : ''}`;
}

function mapSelectionError(error: unknown): unknown {
  if (error instanceof JWKSNoMatchingKey) return new AuthorizerDenial('unknown_kid');
  if (error instanceof JWKSMultipleMatchingKeys) return new AuthorizerDenial('ambiguous_kid');
  if (error instanceof JOSENotSupported) return new AuthorizerDenial('unsupported_alg');
  return error;
}
