import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietAuditLogger } from './audit.ts';
import { createAuthorizer, type Authorizer } from './create-authorizer.ts';
import { accessToken, authorizerEvent, configFor, dpopKey, dpopProof, IssuerServer, signingKey, type SigningKey } from './test-fixtures.ts';

let issuer: IssuerServer;
let key: SigningKey;
let authorize: Authorizer;
let validToken: string;
let boundToken: string;
let validProof: string;

beforeAll(async () => {
  key = await signingKey('ES256', 'k1');
  issuer = await IssuerServer.start([key.publicJwk]);
  authorize = createAuthorizer(configFor(issuer.issuer), { logger: quietAuditLogger });
  validToken = await accessToken(key, issuer.issuer);
  const client = await dpopKey();
  boundToken = await accessToken(key, issuer.issuer, { cnf: { jkt: client.jkt } });
  validProof = await dpopProof(client, boundToken);
  // Sanity: the unmutated inputs are allowed, so "never allows" below is a real claim.
  expect((await authorize(authorizerEvent({ authorization: `Bearer ${validToken}` }))).isAuthorized).toBe(true);
});
afterAll(() => issuer.stop());

/**
 * The bytes a compact JWS stands for: base64url's last character can carry unused bits, so two
 * spellings may decode alike — such an "edit" is the same token, not an attack.
 */
function canonical(token: string): string {
  return token
    .split('.')
    .map((segment) => Buffer.from(segment, 'base64url').toString('base64url'))
    .join('.');
}

/** A mutation of a string: one character replaced, inserted or deleted, or a truncation. */
function mutated(source: () => string) {
  return fc
    .tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'truncate'), fc.constantFrom(...'AaZz09-_.=,~'.split('')))
    .map(([at, kind, char]) => {
      const value = source();
      const i = at % value.length;
      switch (kind) {
        case 'replace':
          return value.slice(0, i) + (value[i] === char ? (char === 'A' ? 'B' : 'A') : char) + value.slice(i + 1);
        case 'insert':
          return value.slice(0, i) + char + value.slice(i);
        case 'delete':
          return value.slice(0, i) + value.slice(i + 1);
        default:
          return value.slice(0, i);
      }
    });
}

async function neverAllows(event: unknown): Promise<void> {
  const result = await authorize(event as never);
  expect(result.isAuthorized).toBe(false);
  expect(result.context).toBeUndefined();
}

describe('no input makes the authorizer throw or allow', () => {
  it('random Authorization header values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('Bearer', 'DPoP', 'Bearer ', 'bearer .', 'DPoP a.b.c')),
        async (value) => {
          await neverAllows(authorizerEvent({ authorization: value }));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random dot-separated base64url-ish tokens', async () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
        await neverAllows(authorizerEvent({ authorization: `Bearer ${segments.join('.')}` }));
      }),
      { numRuns: 1000 },
    );
  });

  it('single-edit mutations of a valid Bearer token', async () => {
    await fc.assert(
      fc.asyncProperty(
        mutated(() => validToken),
        async (token) => {
          fc.pre(canonical(token) !== canonical(validToken));
          await neverAllows(authorizerEvent({ authorization: `Bearer ${token}` }));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('single-edit mutations of a valid DPoP proof (each proof fresh, so replay is not the reason)', async () => {
    const client = await dpopKey();
    const token = await accessToken(key, issuer.issuer, { cnf: { jkt: client.jkt } });
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'truncate'), async (at, kind) => {
        const proof = await dpopProof(client, token);
        const i = at % proof.length;
        const edited =
          kind === 'replace'
            ? proof.slice(0, i) + (proof[i] === 'A' ? 'B' : 'A') + proof.slice(i + 1)
            : kind === 'insert'
              ? `${proof.slice(0, i)}A${proof.slice(i)}`
              : kind === 'delete'
                ? proof.slice(0, i) + proof.slice(i + 1)
                : proof.slice(0, i);
        fc.pre(canonical(edited) !== canonical(proof));
        await neverAllows(authorizerEvent({ authorization: `DPoP ${token}`, dpop: edited }));
      }),
      { numRuns: 500 },
    );
  });

  it('valid pieces in the wrong places and random headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('authorization', 'Authorization', 'dpop', 'DPoP', 'host', 'x-forwarded-host'),
          fc.oneof(
            fc.string(),
            fc.constantFrom(`DPoP ${validToken}`, `Bearer ${boundToken}`, validProof, `Bearer ${validProof}`, `DPoP ${validProof}`),
          ),
        ),
        async (headers) => {
          const authorization = headers.authorization ?? headers.Authorization;
          fc.pre(authorization !== `Bearer ${validToken}`);
          await neverAllows(authorizerEvent(headers));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('arbitrary values as the event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withNullPrototype: true, withMap: true, withTypedArray: true, withDate: true }), async (event) => {
        await neverAllows(event);
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid request with each event field replaced by an arbitrary value', async () => {
    const good = authorizerEvent({ authorization: `Bearer ${validToken}` });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('headers', 'routeKey', 'stageVariables', 'requestContext', 'rawPath'),
        fc.anything(),
        async (field, value) => {
          const event = { ...good, [field]: value };
          const result = await authorize(event as never);
          // Only rawPath is irrelevant to a Bearer decision (it feeds DPoP htu alone).
          if (field !== 'rawPath' && field !== 'requestContext') expect(result.isAuthorized).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
