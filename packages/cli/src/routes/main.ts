/**
 * `pnpm routes`: prints the route table of every app (app, owner, method, external path, auth,
 * scopes) and regenerates `docs/routes.md`, the generated block of `.github/CODEOWNERS` and each
 * app's OpenAPI 3.1 description `docs/openapi/<app>.json` from the manifests.
 * `pnpm routes --check` changes nothing and exits 1 when any of them is stale.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@frontdesk/gateway-core/contract';
import { syncRoutes } from './sync.ts';

const USAGE = 'usage: pnpm routes [--check]';
const HELP = `Prints every app's routes (app, owner, method, external path, auth, scopes) and regenerates, from
the manifests, docs/routes.md, docs/openapi/<app>.json and the generated block of .github/CODEOWNERS.

  --check   change nothing; exit 1 naming each generated file that is stale (CI runs this)`;

async function main(argv: string[]): Promise<number> {
  let check = false;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n\n${HELP}\n`);
      return 0;
    }
    check = values.check;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const root = findWorkspaceRoot(process.cwd());
  const outcome = await syncRoutes(root, { check });
  if (outcome.broken.length > 0) {
    for (const message of outcome.broken) process.stderr.write(`${message}\n`);
    return 1;
  }
  process.stdout.write(outcome.table);
  for (const file of outcome.stale) {
    process.stderr.write(
      check
        ? `${file} is stale: run \`pnpm routes\` and commit the result\n`
        : `${existsSync(join(root, file)) ? 'wrote' : 'removed'} ${file}\n`,
    );
  }
  return check && outcome.stale.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
