import { commonJsImports } from '@frontdesk/gateway-core/vitest';
import { configDefaults, defineConfig } from 'vitest/config';

// Named imports of aws-cdk-lib load only what they name, as at synth. It is required, so
// vi.mock('aws-cdk-lib…') cannot reach it: the plugin refuses such a mock, saying so.
export default defineConfig({
  plugins: [commonJsImports()],
  test: {
    // The stack test reads the template synth writes, so it imports neither stack.ts nor bin/:
    // in watch mode a change there re-runs the tests, and the stack test synthesizes again.
    forceRerunTriggers: [...configDefaults.forceRerunTriggers, '**/stack.ts', '**/bin/**', '**/cdk.json', '**/cdk.context.json'],
  },
});
