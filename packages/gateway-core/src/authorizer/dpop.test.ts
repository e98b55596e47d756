import { calculateJwkThumbprint, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionRecord } from './audit.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import type { DenialCode } from './denial-codes.ts';
import { accessTokenHash } from './dpop-proof.ts';
import { InMemoryReplayStore } from './in-memory-replay-store.ts';
import {
  accessToken,
  authorizerEvent,
  configFor,
  dpopKey,
  dpopProof,
  IssuerServer,
  nowSeconds,
  PUBLIC_URL,
  signingKey,
  type ProofOptions,
  type SigningKey,
} from './test-fixtures.ts';

let issuer: IssuerServer;
let es: SigningKey;
let client: Awaited<ReturnType<typeof dpopKey>>;
let other: Awaited<ReturnType<typeof dpopKey>>;
let bound: string;
let authorize: Authorizer;
const audit: DecisionRecord[] = [];
const logger = {
  info: (_m: string, r: DecisionRecord) => audit.push(r),
  warn: (_m: string, r: DecisionRecord) => audit.push(r),
  error() {},
};

beforeAll(async () => {
  [es, client, other] = await Promise.all([signingKey('ES256', 'es-1'), dpopKey(), dpopKey()]);
  issuer = await IssuerServer.start([es.publicJwk]);
  authorize = createAuthorizer(configFor(issuer.issuer), { logger });
  bound = await accessToken(es, issuer.issuer, { cnf: { jkt: client.jkt } });
});
afterAll(() => issuer.stop());

async function send(headers: Record<string, string>, authorizer = authorize) {
  const result = await authorizer(authorizerEvent(headers));
  return { result, code: audit.at(-1)?.code };
}

async function withProof(options: ProofOptions = {}, token = bound) {
  return send({ authorization: `DPoP ${token}`, dpop: await dpopProof(client, token, options) });
}

async function expectDenied(pending: Promise<{ result: { isAuthorized: boolean }; code: DenialCode | undefined }>, code: DenialCode) {
  const { result, code: actual } = await pending;
  expect({ isAuthorized: result.isAuthorized, code: actual }).toEqual({ isAuthorized: false, code });
}

async function expectAllowed(pending: Promise<{ result: { isAuthorized: boolean } }>) {
  expect((await pending).result.isAuthorized).toBe(true);
}

describe('RFC 9449 worked values', () => {
  it('ath of the RFC access token', () => {
    expect(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe('fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo');
  });
  it('jkt of the RFC example P-256 key', async () => {
    const jwk = {
      kty: 'EC',
      x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
      y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
      crv: 'P-256',
    };
    expect(await calculateJwkThumbprint(jwk, 'sha256')).toBe('0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I');
  });
});

describe('positive controls', () => {
  it('allows a bound token with a valid proof and reports the binding', async () => {
    const { result } = await withProof();
    expect(result).toMatchObject({ isAuthorized: true, context: { tokenType: 'DPoP', jkt: client.jkt, sub: 'alice' } });
  });
  it('accepts an upper-case DPoP header name', async () => {
    await expectAllowed(send({ Authorization: `DPoP ${bound}`, DPoP: await dpopProof(client, bound) }));
  });
  it('ignores query and fragment in htu', async () => {
    await expectAllowed(withProof({ claims: { htu: `${PUBLIC_URL}/orders/items/1?expand=all#top` } }));
  });
  it('accepts an upper-case scheme and host in htu', async () => {
    await expectAllowed(withProof({ claims: { htu: 'HTTPS://API.EXAMPLE.COM/orders/items/1' } }));
  });
  it('accepts an explicit default port in htu', async () => {
    await expectAllowed(withProof({ claims: { htu: 'https://api.example.com:443/orders/items/1' } }));
  });
  it('accepts percent-encoded unreserved characters in htu', async () => {
    await expectAllowed(withProof({ claims: { htu: 'https://api.example.com/%6frders/items/%31' } }));
  });
  it('accepts extra claims in the proof', async () => {
    await expectAllowed(withProof({ claims: { nonce_hint: 'x', custom: { a: 1 } } }));
  });
  it('accepts a proof iat within the 300 s window', async () => {
    await expectAllowed(withProof({ claims: { iat: nowSeconds() - 250 } }));
  });
  it('accepts a lower-case dpop scheme', async () => {
    await expectAllowed(send({ authorization: `dpop ${bound}`, dpop: await dpopProof(client, bound) }));
  });
});

describe('proof shape', () => {
  it('rejects two DPoP headers (comma-joined)', async () => {
    const proof = await dpopProof(client, bound);
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: `${proof},${await dpopProof(client, bound)}` }), 'dpop_invalid_proof');
  });
  it('rejects two DPoP headers differing in case', async () => {
    await expectDenied(
      send({ authorization: `DPoP ${bound}`, dpop: await dpopProof(client, bound), DPoP: await dpopProof(client, bound) }),
      'dpop_invalid_proof',
    );
  });
  it('rejects a proof that is not a JWT', async () => {
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: 'not-a-jwt' }), 'dpop_invalid_proof');
  });
  it('rejects the DPoP scheme without a proof', async () => {
    await expectDenied(send({ authorization: `DPoP ${bound}` }), 'dpop_missing_proof');
  });
  it.each(['jti', 'htm', 'htu', 'iat', 'ath'])('rejects a proof without %s', async (claim) => {
    await expectDenied(withProof({ claims: { [claim]: undefined } }), 'dpop_invalid_proof');
  });
  it('rejects a proof with typ JWT', async () => {
    await expectDenied(withProof({ header: { typ: 'JWT' } }), 'dpop_invalid_proof');
  });
  it('rejects a proof without typ', async () => {
    await expectDenied(withProof({ header: { typ: undefined } }), 'dpop_invalid_proof');
  });
  it('rejects a proof with alg none', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const proof = `${b64({ typ: 'dpop+jwt', alg: 'none', jwk: client.publicJwk })}.${b64({ jti: 'x', htm: 'GET', htu: `${PUBLIC_URL}/orders/items/1`, iat: nowSeconds(), ath: accessTokenHash(bound) })}.`;
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: proof }), 'dpop_invalid_proof');
  });
  it('rejects a proof with an HMAC alg', async () => {
    const proof = await new SignJWT({
      jti: 'x',
      htm: 'GET',
      htu: `${PUBLIC_URL}/orders/items/1`,
      iat: nowSeconds(),
      ath: accessTokenHash(bound),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: 'c2VjcmV0' } as never })
      .sign(new TextEncoder().encode('secret'));
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: proof }), 'dpop_invalid_proof');
  });
  it('rejects a proof with a bad signature', async () => {
    await expectDenied(withProof({ signWith: other.privateKey }), 'dpop_invalid_proof');
  });
  it('rejects a proof whose jwk carries the private key', async () => {
    await expectDenied(withProof({ header: { jwk: client.privateJwk } }), 'dpop_invalid_proof');
  });
  it('rejects a proof without a jwk', async () => {
    await expectDenied(withProof({ header: { jwk: undefined } }), 'dpop_invalid_proof');
  });
  it('rejects an oversized jti', async () => {
    await expectDenied(withProof({ claims: { jti: 'j'.repeat(300) } }), 'dpop_invalid_proof');
  });
  it('refuses a proof over 8 KiB', async () => {
    await expectDenied(withProof({ claims: { padding: 'p'.repeat(9000) } }), 'token_too_large');
  });
});

describe('proof binding to the request', () => {
  it('rejects a wrong htm', async () => {
    await expectDenied(withProof({ claims: { htm: 'POST' } }), 'dpop_htm_mismatch');
  });
  it('rejects a lower-case htm (methods are case-sensitive)', async () => {
    await expectDenied(withProof({ claims: { htm: 'get' } }), 'dpop_htm_mismatch');
  });
  it('rejects a different htu path', async () => {
    await expectDenied(withProof({ claims: { htu: `${PUBLIC_URL}/orders/items/2` } }), 'dpop_htu_mismatch');
  });
  it('rejects an htu without the base path', async () => {
    await expectDenied(withProof({ claims: { htu: `${PUBLIC_URL}/items/1` } }), 'dpop_htu_mismatch');
  });
  it('rejects a different htu host', async () => {
    await expectDenied(withProof({ claims: { htu: 'https://evil.example.com/orders/items/1' } }), 'dpop_htu_mismatch');
  });
  it('rejects a different htu scheme', async () => {
    await expectDenied(withProof({ claims: { htu: 'http://api.example.com/orders/items/1' } }), 'dpop_htu_mismatch');
  });
  it('never builds htu from forwarded headers', async () => {
    const proof = await dpopProof(client, bound, { claims: { htu: 'https://evil.example.com/orders/items/1' } });
    await expectDenied(
      send({
        authorization: `DPoP ${bound}`,
        dpop: proof,
        host: 'evil.example.com',
        'x-forwarded-host': 'evil.example.com',
        forwarded: 'host=evil.example.com',
      }),
      'dpop_htu_mismatch',
    );
  });
  it('rejects a proof issued an hour ago', async () => {
    await expectDenied(withProof({ claims: { iat: nowSeconds() - 3600 } }), 'dpop_iat_out_of_window');
  });
  it('rejects a proof issued an hour ahead', async () => {
    await expectDenied(withProof({ claims: { iat: nowSeconds() + 3600 } }), 'dpop_iat_out_of_window');
  });
  it('rejects a reused jti', async () => {
    const proof = await dpopProof(client, bound);
    await expectAllowed(send({ authorization: `DPoP ${bound}`, dpop: proof }));
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: proof }), 'dpop_replay');
  });
  it('rejects a wrong ath', async () => {
    await expectDenied(withProof({ claims: { ath: accessTokenHash('another-token') } }), 'dpop_ath_mismatch');
  });
  it('rejects a proof by a key other than the bound one', async () => {
    const proof = await dpopProof(other, bound);
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: proof }), 'dpop_key_mismatch');
  });
  it('rejects an unbound token presented with the DPoP scheme', async () => {
    const unbound = await accessToken(es, issuer.issuer);
    await expectDenied(withProof({}, unbound), 'dpop_key_mismatch');
  });
});

describe('downgrades and modes', () => {
  it('rejects a DPoP-bound token sent as Bearer', async () => {
    await expectDenied(send({ authorization: `Bearer ${bound}` }), 'dpop_bound_token_as_bearer');
  });
  it('rejects a DPoP-bound token sent as Bearer even with a valid proof beside it', async () => {
    await expectDenied(send({ authorization: `Bearer ${bound}`, dpop: await dpopProof(client, bound) }), 'dpop_bound_token_as_bearer');
  });
  it('required mode rejects Bearer', async () => {
    const strict = createAuthorizer(configFor(issuer.issuer, { FRONTDESK_DPOP: 'required' }), { logger });
    await expectDenied(send({ authorization: `Bearer ${await accessToken(es, issuer.issuer)}` }, strict), 'dpop_required');
    await expectAllowed(send({ authorization: `DPoP ${bound}`, dpop: await dpopProof(client, bound) }, strict));
  });
  it('off mode rejects the DPoP scheme', async () => {
    const off = createAuthorizer(configFor(issuer.issuer, { FRONTDESK_DPOP: 'off' }), { logger });
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: await dpopProof(client, bound) }, off), 'unsupported_scheme');
  });
  it('optional mode still allows plain Bearer', async () => {
    await expectAllowed(send({ authorization: `Bearer ${await accessToken(es, issuer.issuer)}` }));
  });
});

describe('htu without FRONTDESK_PUBLIC_URL', () => {
  it('uses the custom domain API Gateway received the request on, with the base path', async () => {
    const fallback = createAuthorizer(configFor(issuer.issuer, { FRONTDESK_PUBLIC_URL: '' }), { logger });
    await expectAllowed(send({ authorization: `DPoP ${bound}`, dpop: await dpopProof(client, bound) }, fallback));
  });
  it('uses the execute-api endpoint without a base path', async () => {
    const fallback = createAuthorizer(configFor(issuer.issuer, { FRONTDESK_PUBLIC_URL: '' }), { logger });
    const domainName = 'abc123.execute-api.eu-west-1.amazonaws.com';
    const event = authorizerEvent({
      authorization: `DPoP ${bound}`,
      dpop: await dpopProof(client, bound, { claims: { htu: `https://${domainName}/items/1` } }),
    });
    event.requestContext.domainName = domainName;
    expect((await fallback(event)).isAuthorized).toBe(true);
  });
});

describe('replay store failures', () => {
  it('denies when the store cannot answer (fail closed)', async () => {
    const broken = createAuthorizer(configFor(issuer.issuer), {
      logger,
      replayStore: { putIfAbsent: () => Promise.reject(new Error('throttled')) },
    });
    await expectDenied(send({ authorization: `DPoP ${bound}`, dpop: await dpopProof(client, bound) }, broken), 'replay_store_unavailable');
  });
  it('does not spend a jti on a proof that fails another check', async () => {
    const store = new InMemoryReplayStore();
    const counted = createAuthorizer(configFor(issuer.issuer), { logger, replayStore: store });
    await expectDenied(
      send({ authorization: `DPoP ${bound}`, dpop: await dpopProof(client, bound, { claims: { htm: 'PUT' } }) }, counted),
      'dpop_htm_mismatch',
    );
    expect(store.size).toBe(0);
  });
});
