import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // templates/openapi is an overlay on templates/app (app.config.ts, src/, test/), not an app: it
    // has no wiring to synthesize. Its stack test runs where it is meant to, in a generated app:
    // tests/repo's create-app-e2e makes `pets --from-openapi` and runs its tests through turbo.
    exclude: [...configDefaults.exclude, 'templates/openapi/test/stack.test.ts'],
  },
});
