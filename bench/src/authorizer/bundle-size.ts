import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleHandler } from '@frontdesk/gateway-core/cdk/bundle-handler';
import { repoRoot } from '../paths.ts';

export interface AuthorizerBundle {
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Bytes each package contributes to the minified output, largest first. */
  readonly byPackage: Readonly<Record<string, number>>;
}

/**
 * The deployed authorizer's bundle, built with the recipe `RootGateway`'s function uses
 * (`bundleHandler`: node22, ESM, minified, createRequire banner, `@aws-sdk/*` external because the
 * nodejs22.x runtime ships AWS SDK v3).
 */
export async function bundleAuthorizer(outDir: string): Promise<AuthorizerBundle> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'authorizer.mjs');
  const result = await bundleHandler({
    entry: join(repoRoot, 'packages/gateway-core/src/authorizer/handler.ts'),
    outfile,
    logLevel: 'error',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const byPackage: Record<string, number> = {};
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const name = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'frontdesk';
    byPackage[name] = (byPackage[name] ?? 0) + input.bytesInOutput;
  }
  const contents = readFileSync(outfile);
  return {
    outfile,
    bytes: contents.length,
    gzipBytes: gzipSync(contents).length,
    byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1])),
  };
}
