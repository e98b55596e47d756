import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot, WorkspaceNotFoundError } from '@frontdesk/gateway-core/contract';
import { CreateAppError } from './errors.ts';

// pnpm runs root scripts in the repository root; INIT_CWD is where the command was typed, so a
// relative --from-openapi path means what the user meant.

export const USAGE = 'usage: pnpm create-app <name> [--owner <team>] [--base-path <key>] [--from-openapi <file>] [--no-install]';

/** The workspace root at or above `from`; outside one, a usage error (exit status 2). */
export function findRepositoryRoot(from: string): string {
  try {
    return findWorkspaceRoot(from, 'run create-app inside the repository.');
  } catch (error) {
    if (error instanceof WorkspaceNotFoundError) throw new CreateAppError('ERR_USAGE', error.message);
    throw error;
  }
}

/** `--help`: the usage line and what each option does, printed on stdout with exit status 0. */
export const HELP = `${USAGE}

Writes apps/<name> from packages/cli/templates/app, then runs pnpm install (links the new workspace,
adds it to pnpm-lock.yaml) and pnpm routes (docs/routes.md, the CODEOWNERS block).

  <name>                2-40 characters of a-z 0-9 -, starting with a letter; names stacks and functions
  --owner <team>        required: the team or user that answers for the app (CODEOWNERS), e.g. team-billing
                        or @acme/billing; asked for when missing and the terminal is interactive
  --base-path <key>     the API mapping key on the shared domain (default: the name); multi-level allowed
  --from-openapi <file> routes and scopes from an OpenAPI 3.0/3.1 document (JSON or YAML)
  --no-install          write the files only; then run pnpm install and pnpm routes yourself`;

export type CommandLine =
  | { help: true }
  | { help?: false; name: string; owner?: string; basePath?: string; fromOpenApi?: string; install: boolean };

export function parseCommandLine(args: readonly string[]): CommandLine {
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
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CreateAppError('ERR_USAGE', `${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (values.help) return { help: true };
  if (positionals.length !== 1)
    throw new CreateAppError('ERR_USAGE', `create-app takes exactly one app name, got ${positionals.length}.\n${USAGE}`);
  return {
    name: positionals[0]!,
    owner: values.owner,
    basePath: values['base-path'],
    ...(values['from-openapi'] === undefined
      ? {}
      : { fromOpenApi: resolve(process.env.INIT_CWD ?? process.cwd(), values['from-openapi']) }),
    install: !values['no-install'],
  };
}
