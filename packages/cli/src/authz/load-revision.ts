import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RevisionSnapshot } from './snapshot.ts';
import type { DiffScope } from './scope.ts';

const SCRIPT = fileURLToPath(new URL('./synthesize-revision.ts', import.meta.url));

/**
 * Loads and synthesizes one revision in a child process of its own: base and head import
 * different copies of the same modules (manifests, gateway-core, aws-cdk-lib), which must not
 * share a module cache.
 */
export function loadRevision(root: string, stage: string, scope: DiffScope): Promise<RevisionSnapshot> {
  const args = ['--import', import.meta.resolve('tsx'), SCRIPT, '--root', root, '--stage', stage];
  if (scope.apps === 'all') args.push('--all');
  else for (const app of scope.apps) args.push('--app', app);
  if (scope.shared) args.push('--shared');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new Error(
            `could not load the revision at ${root}: ${Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(0, 5).join('\n')}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(stdout).toString('utf8')) as RevisionSnapshot);
      } catch (error) {
        reject(new Error(`the revision at ${root} printed no snapshot: ${(error as Error).message}`));
      }
    });
  });
}
