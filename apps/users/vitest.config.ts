import { commonJsImports } from '@frontdesk/gateway-core/vitest';
import { defineConfig } from 'vitest/config';

// Named imports of aws-cdk-lib load only what they name, as at synth. It is required, so
// vi.mock('aws-cdk-lib…') cannot reach it: the plugin refuses such a mock, saying so.
export default defineConfig({ plugins: [commonJsImports()] });
