import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { AssetHashType, type FingerprintOptions } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { AssetOptions } from 'aws-cdk-lib/aws-s3-assets';
import { FrontdeskError } from '../contract/errors.ts';
import { handlerBuildOptions } from '../contract/handler-bundle.ts';
import { findWorkspaceRoot } from '../contract/workspace-root.ts';

/** CDK's {@link Runtime} for the contract's `LAMBDA_RUNTIME` (bundling.test.ts holds the two equal). */
export const HANDLER_RUNTIME: Runtime = Runtime.NODEJS_22_X;

/** `NodejsFunction`'s handler string for a {@link handlerCode} asset: `index.mjs`, export `handler`. */
export const HANDLER_NAME = 'index.handler';

/**
 * The deployed code of a Frontdesk function: `entry` bundled with the contract's
 * `HANDLER_BUNDLE` recipe (the one `pnpm bundle` and the local gateway use) into `index.mjs`,
 * for `NodejsFunction`'s `code` (with `handler: HANDLER_NAME`).
 *
 * Why not `NodejsFunction`'s own bundling: it runs esbuild as `pnpm exec esbuild` in a child shell
 * when esbuild is a workspace package, and pnpm's start-up (~1 CPU-s) cost more than the bundling
 * itself in every app's synth. Here esbuild's own API bundles in the synthesizing process, with the
 * same options `NodejsFunction` passes its CLI (target, platform, ESM, minify, banner, externals,
 * main fields). The asset is hashed by its output, as `NodejsFunction` hashes it; when a stack's
 * bundling is skipped (`aws:cdk:bundling-stacks`) nothing is bundled, as there.
 * No Docker fallback: esbuild is a dependency of this package, so it always runs locally.
 */
export function handlerCode(entry: string): Code {
  if (!existsSync(entry))
    throw new FrontdeskError('ERR_HANDLER_MISSING', `${entry} does not exist: the function's handler module is bundled from it`);
  const root = dirname(workspaceLockFile(entry));
  // Typed as what it reaches: an s3 Asset spreads its props into its AssetStaging
  // (aws-s3-assets/lib/asset.ts), whose props are FingerprintOptions, where `extraHash` is declared.
  const options: AssetOptions & FingerprintOptions = {
    assetHashType: AssetHashType.OUTPUT,
    // The entry must be part of the asset's identity: CDK stages assets once per process under a
    // key of their JSON-serialised options (core/lib/asset-staging.ts, calculateCacheKey), where
    // the `tryBundle` closure below serialises to {}. Without it, every function of a synth got
    // the first one's bundle. Relative to the workspace, so the asset hash is the same on every
    // machine (extraHash also enters the output fingerprint).
    extraHash: relative(root, entry).split(sep).join('/'),
    bundling: {
      // Required by CDK's type; never pulled, since local bundling always succeeds or throws.
      image: HANDLER_RUNTIME.bundlingImage,
      local: {
        tryBundle(outputDir) {
          // Synchronous (tryBundle is), and loaded only when a stack is really bundled.
          const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
          esbuild.buildSync({ entryPoints: [entry], outfile: join(outputDir, 'index.mjs'), ...handlerBuildOptions(), logLevel: 'warning' });
          return true;
        },
      },
    },
  };
  return Code.fromAsset(root, options);
}

/**
 * The workspace's `pnpm-lock.yaml`: the folder holding it is the asset's source (as it was
 * `NodejsFunction`'s bundling project root), and a workspace without one is not installed.
 */
function workspaceLockFile(from: string): string {
  const file = join(findWorkspaceRoot(from, 'Frontdesk functions are bundled from the workspace root'), 'pnpm-lock.yaml');
  if (!existsSync(file))
    throw new FrontdeskError('ERR_LOCKFILE_MISSING', `${file} is missing: run pnpm install at the workspace root first`);
  return file;
}
