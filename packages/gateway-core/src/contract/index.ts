/**
 * The contract every Frontdesk package agrees on, defined once: deployed names (the `live` alias,
 * function and stack names), where the workspace root is, the DPoP modes, the token rules, how handlers
 * are bundled, and the one error shape. Nothing here imports aws-cdk-lib, esbuild or an AWS SDK, so
 * the authorizer, the local gateway and the CLI import it at no cost.
 */
export { FrontdeskError } from './errors.ts';
export { LIVE_ALIAS, appFunctionName, authorizerFunctionName, gatewayStackName, appStackName } from './names.ts';
export { findWorkspaceRoot, WorkspaceNotFoundError } from './workspace-root.ts';
export { DPOP_MODES, DEFAULT_DPOP_MODE, dpopModeFrom, type DpopMode } from './dpop-mode.ts';
export { HANDLER_BUNDLE, LAMBDA_RUNTIME, handlerBuildOptions } from './handler-bundle.ts';
export { ASYMMETRIC_ALGORITHMS, MAX_CLOCK_TOLERANCE_SECONDS } from './token-rules.ts';
