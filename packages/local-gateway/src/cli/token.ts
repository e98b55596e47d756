/**
 * `pnpm -s run token --sub <id> --scope "<scopes>" [--aud <audience>] [--ttl 1h] [--dpop]`
 * Prints a development access token, and nothing else, on stdout. (`pnpm token` itself is
 * npm's registry-token command; `-s` keeps pnpm's banner out of `$(…)`.)
 */
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@frontdesk/gateway-core/contract';
import { parseDuration, parseScopes } from './args.ts';
import { mintDevToken } from './dev-token.ts';

const USAGE = 'usage: pnpm -s run token --sub <id> --scope "<scope> <scope>" [--aud <audience>] [--ttl 1h] [--dpop]';

try {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      scope: { type: 'string', default: '' },
      aud: { type: 'string' },
      ttl: { type: 'string', default: '3600' },
      dpop: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      `${USAGE}\n  The issuer is that of the pnpm dev it is for: FRONTDESK_PORT, else the pnpm dev running in this workspace, else port 3000.\n  --dpop binds the token to the key in .frontdesk/idp/dpop-key.json; send it with \`pnpm -s call\`, which signs a fresh proof per request.\n`,
    );
    process.exit(0);
  }
  if (!values.sub) throw new Error('--sub is required (the token subject, e.g. --sub alice)');
  const token = await mintDevToken({
    root: findWorkspaceRoot(),
    env: process.env,
    sub: values.sub,
    scopes: parseScopes(values.scope),
    ...(values.aud ? { audience: values.aud } : {}),
    ttlSeconds: parseDuration(values.ttl),
    dpop: values.dpop,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`pnpm -s run token: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
