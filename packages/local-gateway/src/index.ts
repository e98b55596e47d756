/**
 * The local gateway as a library: what `pnpm dev` runs, for tools and tests that start it
 * themselves (benchmarks, end-to-end tests of other packages).
 */
export { startDevServer, type DevServer, type DevServerOptions } from './dev-server.ts';
export { mintDevToken, type DevTokenOptions, DPOP_KEY } from './cli/dev-token.ts';
export { createDpopProof } from './idp/dpop-proof.ts';
export { loadOrCreateKey } from './idp/keys.ts';
export { IDP_PREFIX, DEFAULT_AUDIENCE } from './idp/paths.ts';
export type { WorkspaceEvent } from './workspace/dev-workspace.ts';
