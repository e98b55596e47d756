import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start real servers, workers and CLI processes on a shared machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
