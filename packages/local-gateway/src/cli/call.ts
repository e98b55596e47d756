/**
 * `pnpm -s call <METHOD> <url> [--sub <id>] [--scope "<scopes>"] [--data <body>] [--header "name: value"] [--bearer]`
 * Sends one request with a DPoP-bound development token and a fresh DPoP proof (or a Bearer
 * token with --bearer); prints the status line, the response headers (with -i) and the body.
 * The token's issuer is the dev IdP of the gateway at <url> (its port), so any FRONTDESK_PORT works.
 */
import { parseArgs } from 'node:util';
import { createDpopProof } from '../idp/dpop-proof.ts';
import { loadOrCreateKey } from '../idp/keys.ts';
import { findWorkspaceRoot } from '@frontdesk/gateway-core/contract';
import { parseDuration, parseScopes } from './args.ts';
import { DPOP_KEY, mintDevToken } from './dev-token.ts';

const USAGE =
  'usage: pnpm -s call <METHOD> <url> [--sub alice] [--scope "<scopes>"] [--data <body>] [--header "name: value"] [--bearer] [--token <token>] [-i]';

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sub: { type: 'string', default: 'dev-user' },
      scope: { type: 'string', default: '' },
      aud: { type: 'string' },
      ttl: { type: 'string', default: '300' },
      data: { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      bearer: { type: 'boolean', default: false },
      token: { type: 'string' },
      include: { type: 'boolean', short: 'i', default: false },
    },
  });
  const [method, url] = positionals;
  if (!method || !url) throw new Error('METHOD and url are required, e.g. pnpm -s call GET http://127.0.0.1:3000/orders/');
  const root = findWorkspaceRoot();
  const dpop = !values.bearer;
  const token =
    values.token ??
    (await mintDevToken({
      root,
      env: process.env,
      sub: values.sub,
      scopes: parseScopes(values.scope),
      ...(values.aud ? { audience: values.aud } : {}),
      ttlSeconds: parseDuration(values.ttl),
      dpop,
      url,
    }));
  const headers = new Headers();
  for (const line of values.header) {
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`--header "${line}" must look like "name: value"`);
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  headers.set('authorization', `${dpop ? 'DPoP' : 'Bearer'} ${token}`);
  if (dpop) headers.set('dpop', await createDpopProof(await loadOrCreateKey(root, DPOP_KEY), method, url, token));
  if (values.data !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const response = await fetch(url, { method: method.toUpperCase(), headers, ...(values.data !== undefined ? { body: values.data } : {}) });
  process.stderr.write(`HTTP ${response.status} ${response.statusText}\n`);
  if (values.include) for (const [name, value] of response.headers) process.stderr.write(`${name}: ${value}\n`);
  process.stdout.write(`${await response.text()}\n`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`pnpm -s call: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
