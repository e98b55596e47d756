import { createHash } from 'node:crypto';
import {
  createAuthorizer,
  InMemoryReplayStore,
  loadAuthorizerConfig,
  jsonAuditLogger,
  type Authorizer,
} from '@frontdesk/gateway-core/authorizer';
import { defineApp, routePolicyStageVariables } from '@frontdesk/gateway-core';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { calculateJwkThumbprint, EmbeddedJWK, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { interleave } from './interleave.ts';

const ISSUER = 'https://id.example.com';
const AUDIENCE = 'orders-api';
const PUBLIC_URL = 'https://api.example.com';
/** The authorizer's environment, as `RootGateway` sets it (plus a replay table, so DPoP is on). */
export const AUTHORIZER_ENV = {
  FRONTDESK_ISSUER: ISSUER,
  FRONTDESK_AUDIENCE: AUDIENCE,
  FRONTDESK_JWKS_URI: `${ISSUER}/jwks`,
  FRONTDESK_PUBLIC_URL: PUBLIC_URL,
  FRONTDESK_REPLAY_TABLE: 'frontdesk-bench-dpop-replay',
  FRONTDESK_STAGE: 'bench',
};

export interface AlgorithmRates {
  readonly bareJwtVerifyPerSec: number;
  readonly bearerDecisionsPerSec: number;
  readonly bearerRatio: number;
  readonly bearerRatioCpu: number;
  readonly repeatedBareJwtVerifyPerSec: number;
  readonly repeatedDecisionsPerSec: number;
  readonly repeatedRatio: number;
  readonly repeatedRatioCpu: number;
  readonly bareDpopVerifiesPerSec: number;
  readonly dpopDecisionsPerSec: number;
  readonly dpopRatioToBareDpop: number;
  readonly dpopRatioToBareDpopCpu: number;
}

const round = (value: number) => Number(value.toFixed(3));

/**
 * Untimed decisions per side and path before timing. V8 still optimises ~40 of the authorizer's
 * functions after 500 first-seen decisions (`--trace-opt`); a deployed authorizer makes far more
 * than that per execution environment, so the figures are its steady state, not its compiler's.
 */
const WARM_UP_DECISIONS = 1000;

const app = defineApp({
  name: 'orders',
  owner: 'team-orders',
  basePath: 'orders',
  routes: { 'GET /items/{id}': { scopes: ['orders:read'] } },
});
const stageVariables = routePolicyStageVariables(app);
const event = (headers: Record<string, string>) =>
  ({
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn',
    identitySource: [],
    routeKey: 'GET /items/{id}',
    rawPath: '/items/1',
    rawQueryString: '',
    cookies: [],
    headers,
    stageVariables,
    requestContext: { domainName: 'api.example.com', http: { method: 'GET', path: '/items/1' }, requestId: 'bench' },
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

/**
 * Decisions per second for one signing algorithm, each figure against the bare `jose` loop that
 * does the same cryptographic work, rounds interleaved. Every timed decision writes its audit line
 * as the Lambda does (`jsonAuditLogger()`); only the final write to stdout is replaced by a
 * counter, and a decision that skipped its line fails the run.
 */
export async function decisionRates(alg: 'ES256' | 'RS256', batches: number, batchSize: number): Promise<AlgorithmRates> {
  const issuerKey = await generateKeyPair(alg);
  const jwk: JWK = { ...(await exportJWK(issuerKey.publicKey)), kid: 'k1', alg, use: 'sig' };
  const authorize: Authorizer = createAuthorizer(loadAuthorizerConfig(AUTHORIZER_ENV), {
    logger: jsonAuditLogger(),
    replayStore: new InMemoryReplayStore({ maxEntries: 1_000_000 }),
    fetch: async () => Response.json({ keys: [jwk] }),
  });
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: ISSUER, aud: AUDIENCE, sub: 'alice', scope: 'orders:read', client_id: 'cli', jti: 't1', iat: now, exp: now + 3600 };
  const sign = (payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg, kid: 'k1', typ: 'at+jwt' }).sign(issuerKey.privateKey);
  const verifyOptions = { algorithms: [alg], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'sub'] };

  // Repeated: one token, which the verified-token cache stores on its second decision and answers from then on.
  const bearer = await sign(claims);
  // Each side checks the outcome it timed, as `allow` does below: a verify that returned a payload.
  const verified = async (token: string) => {
    if (!(await jwtVerify(token, issuerKey.publicKey, verifyOptions)).payload.sub) throw new Error(`${alg}: a bare verify lost its claims`);
  };
  const bare = () => verified(bearer);
  const bearerEvent = event({ authorization: `Bearer ${bearer}` });
  // First-seen: a distinct token per decision (distinct jti), minted before timing.
  const firstSeen = await Promise.all(Array.from({ length: 2 * batches * batchSize }, (_, n) => sign({ ...claims, jti: `f${n}` })));
  const firstSeenEvents = firstSeen.map((token) => event({ authorization: `Bearer ${token}` }));
  const bareFirstSeen = (i: number) => verified(firstSeen[i % firstSeen.length] as string);
  // Warm-up tokens for the first-seen path (never timed): the timed run must not pay for compiling it.
  const warmUp = await Promise.all(Array.from({ length: 2 * WARM_UP_DECISIONS }, (_, n) => sign({ ...claims, jti: `w${n}` })));
  const warmUpEvents = warmUp.map((token) => event({ authorization: `Bearer ${token}` }));

  // DPoP: a fresh proof per decision (a reused one is a replay), minted before timing.
  const client = await generateKeyPair('ES256');
  const clientJwk = await exportJWK(client.publicKey);
  const bound = await sign({ ...claims, cnf: { jkt: await calculateJwkThumbprint(clientJwk) } });
  const ath = createHash('sha256').update(bound).digest('base64url'); // RFC 9449 §4.2
  const mint = (signer: CryptoKey, n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        new SignJWT({ jti: crypto.randomUUID(), htm: 'GET', htu: `${PUBLIC_URL}/orders/items/1`, iat: Math.floor(Date.now() / 1000), ath })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: clientJwk })
          .sign(signer),
      ),
    );
  const proofs = await mint(client.privateKey, (batches + 1) * batchSize);
  const dpopEvents = proofs.map((proof) => event({ authorization: `DPoP ${bound}`, dpop: proof }));
  const bareDpop = async (i: number) => {
    await jwtVerify(bound, issuerKey.publicKey, verifyOptions);
    await jwtVerify(proofs[i % proofs.length] as string, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] });
  };
  const allow = async (e: APIGatewayRequestAuthorizerEventV2) => {
    if (!(await authorize(e)).isAuthorized) throw new Error(`${alg}: a benchmark request was denied`);
  };

  let auditLines = 0;
  const stdoutWrite = process.stdout.write;
  process.stdout.write = (() => {
    auditLines += 1;
    return true;
  }) as typeof process.stdout.write;
  try {
    // Sanity: the decisions being timed are allows, not cheap denials.
    await allow(bearerEvent);
    await allow(dpopEvents[0] as APIGatewayRequestAuthorizerEventV2);
    // Warm-up, on tokens never timed: JIT and key import caches, for each path timed below (a
    // first-seen decision runs code a repeated one never reaches: verification, the cache insert).
    const warmUpBatches = WARM_UP_DECISIONS / 100;
    await interleave(warmUpBatches, 100, bare, () => allow(bearerEvent));
    await interleave(
      warmUpBatches,
      100,
      (i) => verified(warmUp[i] as string),
      (i) => allow(warmUpEvents[i]!),
    );
    const linesBefore = auditLines;
    let next = 1;
    const bearerRun = await interleave(batches, batchSize, bareFirstSeen, (i) => allow(firstSeenEvents[i % firstSeenEvents.length]!));
    const repeatedRun = await interleave(batches, batchSize, bare, () => allow(bearerEvent));
    const dpopRun = await interleave(batches, batchSize, bareDpop, () => allow(dpopEvents[next++ % dpopEvents.length]!));
    if (auditLines - linesBefore !== 3 * batches * batchSize)
      throw new Error(`${alg}: ${auditLines - linesBefore} audit lines for ${3 * batches * batchSize} decisions`);
    return {
      bareJwtVerifyPerSec: Math.round(bearerRun.a),
      bearerDecisionsPerSec: Math.round(bearerRun.b),
      bearerRatio: round(bearerRun.b / bearerRun.a),
      bearerRatioCpu: round(bearerRun.bCpu / bearerRun.aCpu),
      repeatedBareJwtVerifyPerSec: Math.round(repeatedRun.a),
      repeatedDecisionsPerSec: Math.round(repeatedRun.b),
      repeatedRatio: round(repeatedRun.b / repeatedRun.a),
      repeatedRatioCpu: round(repeatedRun.bCpu / repeatedRun.aCpu),
      bareDpopVerifiesPerSec: Math.round(dpopRun.a),
      dpopDecisionsPerSec: Math.round(dpopRun.b),
      dpopRatioToBareDpop: round(dpopRun.b / dpopRun.a),
      dpopRatioToBareDpopCpu: round(dpopRun.bCpu / dpopRun.aCpu),
    };
  } finally {
    process.stdout.write = stdoutWrite;
  }
}
