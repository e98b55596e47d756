import { handlerBuildOptions } from '../contract/handler-bundle.ts';

export interface BundleHandlerOptions {
  /** The handler module, e.g. `src/handler.ts`. */
  readonly entry: string;
  /** Where the bundle goes, e.g. `dist/handler.mjs`. */
  readonly outfile: string;
  /** @default 'warning' */
  readonly logLevel?: 'error' | 'warning';
}

export interface BundleHandlerResult {
  readonly outfile: string;
  readonly bytes: number;
  /** esbuild's metafile, for size breakdowns (which package contributes what). */
  readonly metafile: import('esbuild').Metafile;
}

/**
 * Bundles a handler with esbuild exactly as synth does (`handlerCode`: same target, format,
 * minification, banner and externals): a cheap local proof that the function bundles.
 *
 * @example
 * await bundleHandler({ entry: 'src/handler.ts', outfile: 'dist/handler.mjs' });
 */
export async function bundleHandler(options: BundleHandlerOptions): Promise<BundleHandlerResult> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [options.entry],
    outfile: options.outfile,
    ...handlerBuildOptions(),
    metafile: true,
    logLevel: options.logLevel ?? 'warning',
  });
  const output = Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint !== undefined);
  return { outfile: options.outfile, bytes: output?.[1].bytes ?? 0, metafile: result.metafile };
}
