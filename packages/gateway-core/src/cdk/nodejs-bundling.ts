import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { HANDLER_BUNDLE, LAMBDA_RUNTIME } from '../contract/handler-bundle.ts';
import { FrontdeskError } from '../contract/errors.ts';
import { findWorkspaceRoot } from '../contract/workspace-root.ts';

/** CDK's {@link Runtime} for the contract's {@link LAMBDA_RUNTIME} (bundling.test.ts holds the two equal). */
export const HANDLER_RUNTIME: Runtime = Runtime.NODEJS_22_X;

/**
 * `NodejsFunction`'s `bundling` for the deployed {@link HANDLER_BUNDLE}, the recipe `pnpm build`
 * ({@link bundleHandler}) and the local gateway share. Deliberately no `nodeModules`: it breaks
 * with pnpm `catalog:` (aws/aws-cdk#38029).
 */
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
 * The workspace's `pnpm-lock.yaml`, for `NodejsFunction`'s `depsLockFilePath`: the folder holding
 * it becomes the bundling project root.
 */
export function workspaceLockFile(from: string): string {
  const file = join(findWorkspaceRoot(from, 'Frontdesk functions are bundled from the workspace root'), 'pnpm-lock.yaml');
  if (!existsSync(file))
    throw new FrontdeskError('ERR_LOCKFILE_MISSING', `${file} is missing: run pnpm install at the workspace root first`);
  return file;
}
