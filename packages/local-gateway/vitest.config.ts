import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start real servers, workers and CLI processes on a shared machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits for a state the machine's load can delay (a worker started, a timer fired):
    // 1 s by default, too short on 2 busy cores; it still fails, with its message, before the test's limit.
    expect: { poll: { timeout: 20_000 } },
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
