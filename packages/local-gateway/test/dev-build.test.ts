import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript (it runs before anything compiles TypeScript), no declarations
import { devServerBuild } from '../bin/dev.mjs';

const build = devServerBuild as (options: { packageDir: string; outRoot?: string }) => Promise<{ file: string; built: boolean }>;

/** A package shaped like local-gateway: an entry at src/cli/dev.ts importing a sibling module. */
function fakePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-dev-build-'));
  mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "fake-gateway", "type": "module", "dependencies": {} }\n');
  writeFileSync(join(dir, 'src', 'cli', 'dev.ts'), "export { message } from './message.ts';\n");
  writeFileSync(join(dir, 'src', 'cli', 'message.ts'), "export const message: string = 'first';\n");
  return dir;
}

const messageOf = async (file: string) => ((await import(`${pathToFileURL(file).href}?t=${Math.random()}`)) as { message: string }).message;

describe('pnpm dev runs a build of the dev server keyed by the content of its sources (bin/dev.mjs)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('builds on the first start, reuses the build while nothing changed, and rebuilds after an edit', async () => {
    const packageDir = fakePackage();
    dirs.push(packageDir);
    const first = await build({ packageDir });
    expect(first.built).toBe(true);
    expect(await messageOf(first.file)).toBe('first');

    expect(await build({ packageDir })).toEqual({ file: first.file, built: false });

    writeFileSync(join(packageDir, 'src', 'cli', 'message.ts'), "export const message: string = 'second';\n");
    const edited = await build({ packageDir });
    expect(edited.built).toBe(true);
    expect(edited.file).not.toBe(first.file);
    expect(await messageOf(edited.file)).toBe('second');
  });

  it('rebuilds when a file deciding how sources resolve changes: package.json, tsconfig.json', async () => {
    const packageDir = fakePackage();
    dirs.push(packageDir);
    writeFileSync(join(packageDir, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
    await build({ packageDir });
    expect((await build({ packageDir })).built).toBe(false);
    writeFileSync(join(packageDir, 'tsconfig.json'), '{ "compilerOptions": { "strict": false } }\n');
    expect((await build({ packageDir })).built).toBe(true);
  });

  it('rebuilds when a tsconfig the nearest one extends changes (the workspace-wide base)', async () => {
    const packageDir = fakePackage();
    dirs.push(packageDir);
    mkdirSync(join(packageDir, 'config'));
    writeFileSync(join(packageDir, 'config', 'base.json'), '{ "compilerOptions": { "useDefineForClassFields": true } }\n');
    writeFileSync(join(packageDir, 'tsconfig.json'), '{ "extends": "./config/base.json" }\n');
    await build({ packageDir });
    expect((await build({ packageDir })).built).toBe(false);
    writeFileSync(join(packageDir, 'config', 'base.json'), '{ "compilerOptions": { "useDefineForClassFields": false } }\n');
    expect((await build({ packageDir })).built).toBe(true);
  });

  it('rebuilds when the package.json changes (the dependencies it declares) or the record is damaged', async () => {
    const packageDir = fakePackage();
    dirs.push(packageDir);
    await build({ packageDir });
    writeFileSync(join(packageDir, 'package.json'), '{ "name": "fake-gateway", "type": "module", "dependencies": { "jose": "6" } }\n');
    expect((await build({ packageDir })).built).toBe(true);
    writeFileSync(join(packageDir, 'dist', 'dev-server', 'build.json'), '{ not json');
    expect((await build({ packageDir })).built).toBe(true);
    expect((await build({ packageDir })).built).toBe(false);
  });

  it('prunes an old build only when no live server claims it', async () => {
    const packageDir = fakePackage();
    dirs.push(packageDir);
    const message = join(packageDir, 'src', 'cli', 'message.ts');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    const claimed = dirname((await build({ packageDir })).file);
    writeFileSync(join(claimed, `.running-${process.pid}`), ''); // this process: alive
    utimesSync(claimed, twoDaysAgo, twoDaysAgo);
    writeFileSync(message, "export const message: string = 'second';\n");
    const unclaimed = dirname((await build({ packageDir })).file);
    expect(existsSync(claimed)).toBe(true);

    writeFileSync(join(unclaimed, `.running-${spawnSync(process.execPath, ['-e', '']).pid}`), ''); // exited
    utimesSync(unclaimed, twoDaysAgo, twoDaysAgo);
    writeFileSync(message, "export const message: string = 'third';\n");
    await build({ packageDir });
    expect(existsSync(unclaimed)).toBe(false);
    expect(existsSync(claimed)).toBe(true);
  });

  it('refuses a source that does not compile, with esbuild’s message', async () => {
    const packageDir = fakePackage();
    dirs.push(packageDir);
    writeFileSync(join(packageDir, 'src', 'cli', 'message.ts'), 'export const message = ;\n');
    await expect(build({ packageDir })).rejects.toThrow(/Unexpected ";"/);
  });
});
