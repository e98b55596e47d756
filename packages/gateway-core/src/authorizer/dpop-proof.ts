import { sha256 } from '../contract/sha256.ts';
import type { JWK, JWTVerifyOptions } from 'jose';
import { EmbeddedJWK } from 'jose/jwk/embedded';
import { jwtVerify } from 'jose/jwt/verify';
import { ASYMMETRIC_ALGORITHMS } from '../contract/token-rules.ts';
import { jwkThumbprint } from './jwk-thumbprint.ts';
import { AuthorizerDenial } from './denial-codes.ts';
import { normaliseHtu } from './htu.ts';
import { COMPACT_JWS, MAX_TOKEN_LENGTH } from './jwt-errors.ts';
import type { ReplayStore } from './replay-store.ts';

/** A proof's `iat` may be this far from now, either way (RFC 9449 §11.1; Kong uses 300 s too). */
const DPOP_IAT_WINDOW_SECONDS = 300;
/** Longer `jti` values are refused rather than stored. */
const MAX_JTI_LENGTH = 256;
/** Bound on remembered proof keys (cleared wholesale when reached). */
const PROOF_KEYS_LIMIT = 1024;

export interface DpopRequest {
  /** The `DPoP` header value (exactly one proof). */
  readonly proof: string;
  /** The access token presented with `Authorization: DPoP`. */
  readonly accessToken: string;
  /** The token's `cnf.jkt`, if any. */
  readonly boundJkt: unknown;
  readonly method: string;
  /** The request URI as the client addressed it, already normalised by {@link normaliseHtu}. */
  readonly expectedHtu: string;
}

/**
 * Builds the RFC 9449 §4.3 proof check once per authorizer. In order: one compact JWS of at most
 * 8 KiB; `typ` `dpop+jwt`; an asymmetric algorithm; a valid signature by the header's `jwk`,
 * which must be public (`jose` `EmbeddedJWK`, its result remembered per raw header); `jti`, `htm`, `htu`, `iat`, `ath` present; `htm`
 * and `htu` match the request; `iat` within ±300 s; `ath` hashes the access token; the token's
 * `cnf.jkt` is the proof key's thumbprint; finally `jti` is recorded in the replay store, keyed
 * by a hash of `jti` and `htu`, until the proof's window closes.
 *
 * @returns the proof key's thumbprint; rejects with {@link AuthorizerDenial}.
 */
export function dpopProofVerifier(replayStore: ReplayStore, now: () => number): (request: DpopRequest) => Promise<string> {
  const baseOptions: JWTVerifyOptions = { typ: 'dpop+jwt', algorithms: [...ASYMMETRIC_ALGORITHMS] };
  // A client signs many proofs with one key, and their protected headers are byte-identical.
  // Remember what jose's EmbeddedJWK imported (and the thumbprint) per raw header, so a repeat
  // client costs one signature check instead of a key import plus a digest.
  const seen = new Map<string, { key: Awaited<ReturnType<typeof EmbeddedJWK>>; jkt?: string }>();
  const proofKey: typeof EmbeddedJWK = async (header, token) => {
    const raw = token?.protected;
    const known = raw === undefined ? undefined : seen.get(raw);
    if (known !== undefined) return known.key;
    const key = await EmbeddedJWK(header, token);
    if (raw !== undefined) {
      if (seen.size >= PROOF_KEYS_LIMIT) seen.clear();
      seen.set(raw, { key });
    }
    return key;
  };
  const thumbprint = (rawHeader: string, jwk: JWK) => {
    const known = seen.get(rawHeader);
    if (known?.jkt !== undefined) return known.jkt;
    const jkt = jwkThumbprint(jwk);
    if (known !== undefined) known.jkt = jkt;
    return jkt;
  };

  return async ({ proof, accessToken, boundJkt, method, expectedHtu }) => {
    if (proof.length > MAX_TOKEN_LENGTH) throw new AuthorizerDenial('token_too_large', 'DPoP proof over 8 KiB');
    if (!COMPACT_JWS.test(proof)) throw new AuthorizerDenial('dpop_invalid_proof', 'not one compact JWS');
    const nowMs = now();
    let verified: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      verified = await jwtVerify(proof, proofKey, { ...baseOptions, currentDate: new Date(nowMs) });
    } catch (error) {
      throw new AuthorizerDenial('dpop_invalid_proof', error instanceof Error ? error.message : undefined);
    }
    const { payload, protectedHeader } = verified;
    const { jti, htm, htu, iat, ath } = payload as Record<string, unknown>;
    if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
      throw new AuthorizerDenial('dpop_invalid_proof', `jti must be a string of 1-${MAX_JTI_LENGTH} characters`);
    }
    if (typeof htm !== 'string') throw new AuthorizerDenial('dpop_invalid_proof', 'htm missing');
    if (typeof htu !== 'string') throw new AuthorizerDenial('dpop_invalid_proof', 'htu missing');
    if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new AuthorizerDenial('dpop_invalid_proof', 'iat missing');
    if (typeof ath !== 'string') throw new AuthorizerDenial('dpop_invalid_proof', 'ath missing');

    if (htm !== method) throw new AuthorizerDenial('dpop_htm_mismatch');
    if (normaliseHtu(htu) !== expectedHtu) throw new AuthorizerDenial('dpop_htu_mismatch');
    const nowSeconds = nowMs / 1000;
    if (Math.abs(nowSeconds - iat) > DPOP_IAT_WINDOW_SECONDS) throw new AuthorizerDenial('dpop_iat_out_of_window');
    if (ath !== accessTokenHash(accessToken)) throw new AuthorizerDenial('dpop_ath_mismatch');

    const jkt = thumbprint(proof.slice(0, proof.indexOf('.')), protectedHeader.jwk as JWK);
    if (typeof boundJkt !== 'string' || boundJkt !== jkt) throw new AuthorizerDenial('dpop_key_mismatch');

    const replayKey = sha256(`${jti}\n${expectedHtu}`);
    let fresh: boolean;
    try {
      fresh = await replayStore.putIfAbsent(replayKey, Math.ceil(iat + DPOP_IAT_WINDOW_SECONDS));
    } catch (error) {
      throw new AuthorizerDenial('replay_store_unavailable', error instanceof Error ? error.message : undefined);
    }
    if (!fresh) throw new AuthorizerDenial('dpop_replay');
    return jkt;
  };
}

/** `ath`: base64url(SHA-256(ASCII access token)), RFC 9449 §4.2 (a compact JWS is ASCII, so UTF-8 is the same bytes). */
export function accessTokenHash(accessToken: string): string {
  return sha256(accessToken);
}
