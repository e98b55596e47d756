import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * One bundling recipe for every Frontdesk function, shared by `NodejsFunction` (synth/deploy)
 * and {@link bundleHandler} (`pnpm build`), so the bundle an app builds locally is the one it ships.
 */
export const HANDLER_BUNDLE = {
  /** Lambda runs nodejs22.x. */
  target: 'node22',
  minify: true,
  /**
   * ESM bundles cannot `require`; CommonJS dependencies that call it for Node built-ins get one.
   * esbuild's shim looks for a variable named exactly `require`.
   */
  banner:
    "import { createRequire as __frontdeskCreateRequire } from 'node:module'; const require = __frontdeskCreateRequire(import.meta.url);",
  /** The Node.js 22 runtime ships AWS SDK v3. */
  external: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
} as const;

/** `NodejsFunction`'s `bundling` for {@link HANDLER_BUNDLE}. Deliberately no `nodeModules`: it breaks with pnpm `catalog:` (aws/aws-cdk#38029). */
export function nodejsBundling(): BundlingOptions {
  return {
    target: HANDLER_BUNDLE.target,
    minify: HANDLER_BUNDLE.minify,
    format: OutputFormat.ESM,
    banner: HANDLER_BUNDLE.banner,
    externalModules: [...HANDLER_BUNDLE.external],
    mainFields: [...HANDLER_BUNDLE.mainFields],
  };
}

/**
 * The pnpm workspace root above `from` (the folder holding `pnpm-workspace.yaml`).
 * `NodejsFunction` needs its lock file as `depsLockFilePath`: it becomes the bundling project root.
 */
export function findWorkspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`no pnpm-workspace.yaml found above ${from}: Frontdesk functions are bundled from the workspace root`);
  }
}

/** The workspace's `pnpm-lock.yaml`, for `NodejsFunction`'s `depsLockFilePath`. */
export function workspaceLockFile(from: string): string {
  const file = join(findWorkspaceRoot(from), 'pnpm-lock.yaml');
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm install at the workspace root first`);
  return file;
}
