/**
 * The local gateway as a library: what `pnpm dev` runs, for tools and tests that start it
 * themselves (benchmarks, end-to-end tests of other packages).
 */
export { startDevServer, type DevServer } from './dev-server.ts';
export { loadOrCreateKey } from './idp/keys.ts';
