import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The bundler alone: the cdk entry would load aws-cdk-lib (~1.5 s) for nothing.
import { bundleHandler } from '@frontdesk/gateway-core/cdk/bundle-handler';
import manifest from '../app.config.ts';

// `pnpm bundle`: the handler as synth bundles it into cdk.out (the same esbuild recipe), on its own in
// dist/handler.mjs, to read or size. Not a pipeline task: `synth` already proves the function bundles.
const appDir = fileURLToPath(new URL('..', import.meta.url));
const { outfile, bytes } = await bundleHandler({ entry: join(appDir, manifest.handler), outfile: join(appDir, 'dist/handler.mjs') });
console.log(`${manifest.name}: ${outfile} (${(bytes / 1024).toFixed(1)} KiB)`);
