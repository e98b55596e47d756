/**
 * Shared by the authorizer's tests (not shipped): an issuer with real keys served over real HTTP
 * on 127.0.0.1, token and DPoP proof minting, and API Gateway authorizer events.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { routePolicyStageVariables } from '../manifest/route-policy.ts';
import { defineApp } from '../manifest/define-app.ts';
import { loadAuthorizerConfig, type AuthorizerConfig } from './config.ts';
import { accessTokenHash } from './dpop-proof.ts';

const AUDIENCE = 'frontdesk-api';
export const PUBLIC_URL = 'https://api.example.com';

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function signingKey(alg: 'ES256' | 'RS256', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A real HTTP issuer: discovery document and JWKS, counting JWKS fetches. */
export class IssuerServer {
  jwks: { keys: JWK[] };
  jwksFetches = 0;
  discoveryFetches = 0;
  readonly #server: Server;
  issuer = '';

  private constructor(keys: JWK[]) {
    this.jwks = { keys };
    this.#server = createServer((request, response) => {
      if (request.url === '/.well-known/openid-configuration') {
        this.discoveryFetches += 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ issuer: this.issuer, jwks_uri: `${this.issuer}/jwks` }));
      } else if (request.url === '/jwks') {
        this.jwksFetches += 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(this.jwks));
      } else {
        response.writeHead(404).end();
      }
    });
  }

  static async start(keys: JWK[]): Promise<IssuerServer> {
    const server = new IssuerServer(keys);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    server.issuer = `http://127.0.0.1:${(server.#server.address() as AddressInfo).port}`;
    return server;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A plain HTTP server that counts every request (stands in for an attacker's jku/x5u host). */
export async function countingServer(): Promise<{ url: string; requests: () => number; stop: () => Promise<void> }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function configFor(issuer: string, env: Record<string, string> = {}): AuthorizerConfig {
  return loadAuthorizerConfig({
    FRONTDESK_ISSUER: issuer,
    FRONTDESK_AUDIENCE: `${AUDIENCE},other-api`,
    FRONTDESK_PUBLIC_URL: PUBLIC_URL,
    FRONTDESK_STAGE: 'dev',
    ...env,
  });
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A valid access token for `issuer` unless `claims`/`header` say otherwise (`undefined` removes a claim). */
export async function accessToken(
  key: SigningKey,
  issuer: string,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = nowSeconds();
  const payload: Record<string, unknown> = {
    iss: issuer,
    aud: AUDIENCE,
    sub: 'alice',
    exp: now + 600,
    iat: now,
    jti: 'token-1',
    client_id: 'cli',
    scope: 'orders:read orders:write',
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
    .sign(key.privateKey);
}

/** A client's DPoP key pair and its thumbprint. */
export async function dpopKey(): Promise<{ privateKey: CryptoKey; publicJwk: JWK; privateJwk: JWK; jkt: string }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk, privateJwk: await exportJWK(privateKey), jkt: await calculateJwkThumbprint(publicJwk) };
}

export interface ProofOptions {
  readonly claims?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
  readonly signWith?: CryptoKey;
}

/** A valid DPoP proof for `GET https://api.example.com/orders/items/1` unless overridden. */
export async function dpopProof(
  client: { privateKey: CryptoKey; publicJwk: JWK },
  token: string,
  { claims = {}, header = {}, signWith }: ProofOptions = {},
): Promise<string> {
  const payload: Record<string, unknown> = {
    jti: crypto.randomUUID(),
    htm: 'GET',
    htu: `${PUBLIC_URL}/orders/items/1`,
    iat: nowSeconds(),
    ath: accessTokenHash(token),
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: client.publicJwk, ...header })
    .sign(signWith ?? client.privateKey);
}

/** The example app the events address: `orders`, base path `orders`. */
const ordersApp = defineApp({
  name: 'orders',
  owner: 'team-orders',
  basePath: 'orders',
  routes: {
    'GET /items/{id}': { scopes: ['orders:read'] },
    'POST /items': { scopes: ['orders:read', 'orders:write'] },
    'GET /anyone': { scopes: [] },
    'GET /health': { auth: 'public', reason: 'load balancer health checks carry no token' },
  },
});

/** A payload 2.0 authorizer event for `GET /items/{id}` at rawPath `/items/1` of the orders app. */
export function authorizerEvent(
  headers: Record<string, string>,
  overrides: Partial<APIGatewayRequestAuthorizerEventV2> = {},
): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/$default/GET/items/1',
    identitySource: [headers.authorization ?? ''],
    routeKey: 'GET /items/{id}',
    rawPath: '/items/1',
    rawQueryString: '',
    cookies: [],
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'GET', path: '/items/1', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: 'GET /items/{id}',
      stage: '$default',
      time: '28/Nov/2026:15:00:00 +0000',
      timeEpoch: 1795878000000,
    },
    pathParameters: { id: '1' },
    stageVariables: routePolicyStageVariables(ordersApp),
    ...overrides,
  };
}
