import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateAppError } from './errors.ts';

// pnpm runs root scripts in the repository root; INIT_CWD is where the command was typed, so a
// relative --from-openapi path means what the user meant.

export const USAGE = 'usage: pnpm create-app <name> [--owner <team>] [--base-path <key>] [--from-openapi <file>] [--no-install]';

/** The nearest folder at or above `from` holding pnpm-workspace.yaml. */
export function findRepositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new CreateAppError('usage', `No pnpm-workspace.yaml at or above ${from}: run create-app inside the repository.`);
  }
}

export function parseCommandLine(args: readonly string[]): { name: string; owner?: string; basePath?: string; fromOpenApi?: string; install: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        owner: { type: 'string' },
        'base-path': { type: 'string' },
        'from-openapi': { type: 'string' },
        'no-install': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new CreateAppError('usage', `${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) throw new CreateAppError('usage', `create-app takes exactly one app name, got ${positionals.length}.\n${USAGE}`);
  return {
    name: positionals[0]!,
    owner: values.owner,
    basePath: values['base-path'],
    ...(values['from-openapi'] === undefined ? {} : { fromOpenApi: resolve(process.env.INIT_CWD ?? process.cwd(), values['from-openapi']) }),
    install: !values['no-install'],
  };
}
