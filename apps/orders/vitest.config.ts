import { commonJsImports } from '@frontdesk/gateway-core/vitest';
import { defineConfig } from 'vitest/config';

// Named imports of CommonJS packages (aws-cdk-lib) load only what they name, as at synth.
export default defineConfig({ plugins: [commonJsImports()] });
