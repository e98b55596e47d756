import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // CDK synthesis with esbuild bundling is CPU-heavy; keep files in separate forks.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
