/**
 * How every Frontdesk function is bundled for Lambda, defined once: synth bundles each
 * `NodejsFunction`'s code with it (`cdk/nodejs-bundling.ts`), `pnpm bundle` with it (`cdk/bundle-handler.ts`), and the
 * local gateway starts from it and names only what it overrides (`local-gateway/src/functions/bundle.ts`).
 */

/** The Lambda runtime every Frontdesk function runs on (DESIGN: Lambda targets nodejs22.x). */
export const LAMBDA_RUNTIME = 'nodejs22.x';

export const HANDLER_BUNDLE = {
  platform: 'node',
  format: 'esm',
  /** The syntax level of {@link LAMBDA_RUNTIME}. */
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

/** {@link HANDLER_BUNDLE} as esbuild `build()` options (the shape esbuild's `BuildOptions` takes). */
export interface HandlerBuildOptions {
  readonly bundle: true;
  readonly platform: 'node';
  readonly format: 'esm';
  readonly target: string;
  readonly minify: boolean;
  readonly banner: { readonly js: string };
  readonly external: string[];
  readonly mainFields: string[];
}

/** The deployed bundle as esbuild options; spread it and override what a local build must differ in. */
export function handlerBuildOptions(): HandlerBuildOptions {
  return {
    bundle: true,
    platform: HANDLER_BUNDLE.platform,
    format: HANDLER_BUNDLE.format,
    target: HANDLER_BUNDLE.target,
    minify: HANDLER_BUNDLE.minify,
    banner: { js: HANDLER_BUNDLE.banner },
    external: [...HANDLER_BUNDLE.external],
    mainFields: [...HANDLER_BUNDLE.mainFields],
  };
}
