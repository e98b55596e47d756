import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchCacheDir } from '../paths.ts';
import { run } from '../process/child.ts';
import { PEER_PACKAGES } from './versions.ts';

const manifestText = `${JSON.stringify({ name: 'frontdesk-bench-peer', private: true, dependencies: PEER_PACKAGES }, null, 2)}\n`;

/**
 * Installs serverless + serverless-offline with npm into `<cache>/peer`, once. This folder is outside
 * the workspace: the template's `pnpm install` never resolves, downloads or audits the peer.
 * The install goes to a private folder renamed into place when complete, so an interrupted or
 * concurrent run never leaves a half-installed peer. Install scripts are skipped (Serverless's
 * only one is a post-install notice). Returns the folder; its `node_modules` holds the peer.
 */
export async function installPeer(log: (line: string) => void): Promise<string> {
  const cache = benchCacheDir();
  const dir = join(cache, 'peer');
  if (await isInstalled(dir)) return dir;

  log(
    `installing ${Object.entries(PEER_PACKAGES)
      .map(([n, v]) => `${n}@${v}`)
      .join(' ')} into ${dir} (once; about a minute)`,
  );
  const staging = join(cache, `peer-installing-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'package.json'), manifestText);
  try {
    await run('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: staging,
      timeoutMs: 5 * 60_000,
    });
    if (await isInstalled(dir)) return dir; // another run finished first
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    return dir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function isInstalled(dir: string): Promise<boolean> {
  const manifestPath = join(dir, 'package.json');
  if (!existsSync(manifestPath) || (await readFile(manifestPath, 'utf8')) !== manifestText) return false;
  return Object.keys(PEER_PACKAGES).every((name) => existsSync(join(dir, 'node_modules', name, 'package.json')));
}

export function serverlessBin(peerDir: string): string {
  return join(peerDir, 'node_modules', 'serverless', 'bin', 'serverless.js');
}
