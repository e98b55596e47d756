import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FrontdeskError } from './errors.ts';

/** No `pnpm-workspace.yaml` at or above the folder a command ran in. */
export class WorkspaceNotFoundError extends FrontdeskError<'ERR_WORKSPACE_NOT_FOUND'> {
  override readonly name = 'WorkspaceNotFoundError';
  constructor(
    readonly from: string,
    hint: string,
  ) {
    super('ERR_WORKSPACE_NOT_FOUND', `no pnpm-workspace.yaml at or above ${from}: ${hint}`);
  }
}

/**
 * The workspace root: the nearest folder at or above `from` holding `pnpm-workspace.yaml`. Every
 * command and construct finds the repository this way (the lock file CDK bundles against, the
 * apps `pnpm dev` serves, the manifests the CLI reads).
 *
 * @param hint what the error tells the user to do, e.g. "run create-app inside the repository"
 * @throws {WorkspaceNotFoundError} when no folder up to the file system root holds one
 */
export function findWorkspaceRoot(from: string = process.cwd(), hint = 'run this inside a Frontdesk workspace'): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new WorkspaceNotFoundError(from, hint);
  }
}
