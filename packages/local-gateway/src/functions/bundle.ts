import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface Bundle {
  /** The bundled ES module to import. */
  readonly file: string;
  /** SHA-256 of the bundle, base64 — Lambda's `CodeSha256`. */
  readonly codeSha256: string;
  /** Every source file that went into it (watched for hot reload). */
  readonly inputs: readonly string[];
}

/**
 * Bundles an app handler the way CDK's NodejsFunction does (esbuild, ESM, every dependency
 * inlined), into `outDir`. The file name carries the content hash, so a new version never
 * collides with a module the worker runtime already cached.
 */
export async function bundleHandler(entry: string, outDir: string): Promise<Bundle> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    // Source map paths are relative to the output folder, so stack traces name the real files.
    outdir: outDir,
    metafile: true,
    sourcemap: 'inline',
    logLevel: 'silent',
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __frontdeskRequire } from 'node:module'; const require = __frontdeskRequire(import.meta.url);" },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  const hash = createHash('sha256').update(output.contents);
  const codeSha256 = hash.copy().digest('base64');
  const file = join(outDir, `${hash.digest('hex').slice(0, 16)}.mjs`);
  writeFileSync(file, output.contents);
  const cwd = process.cwd();
  return { file, codeSha256, inputs: Object.keys(result.metafile.inputs).map((input) => join(cwd, input)) };
}

