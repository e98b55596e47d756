/**
 * The baseline: a bare Node `http` server doing what the gateway path does for one authorized
 * request — the same JWT verification with `jose` (ES256, issuer, audience, exp, scope) and the
 * same handler work — with no routing, events, authorizer module or worker hop.
 *
 * usage: tsx bare-server.ts <workspace root> <issuer> <audience>; prints its URL on stdout.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { answer } from './bench-handler.ts';

const [root, issuer, audience] = process.argv.slice(2) as [string, string, string];
const stored = JSON.parse(readFileSync(join(root, '.frontdesk', 'idp', 'signing-key.json'), 'utf8')) as { publicJwk: JWK };
const keys = createLocalJWKSet({ keys: [stored.publicJwk] });

const server = createServer(async (req, res) => {
  const authorization = req.headers.authorization;
  if (!authorization?.startsWith('Bearer ')) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}');
    return;
  }
  try {
    const { payload } = await jwtVerify(authorization.slice(7), keys, {
      issuer,
      audience,
      algorithms: ['ES256'],
      requiredClaims: ['exp', 'sub'],
    });
    if (
      !String(payload.scope ?? '')
        .split(' ')
        .includes('bench:read')
    )
      throw new Error('scope');
    const id = (req.url ?? '').split('/').pop() ?? '';
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer(id, payload.sub as string));
  } catch {
    res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden"}');
  }
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
