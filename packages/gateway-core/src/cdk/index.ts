/**
 * CDK constructs of Frontdesk: the shared layer of a stage (`RootGateway`) and one app
 * (`AppApi`, `AppStack`). The only subpath that imports aws-cdk-lib.
 */
export {
  RootGateway,
  type RootGatewayProps,
  type GatewayDomainProps,
  type IRootGateway,
} from './root-gateway.ts';
export { AppApi, type AppApiProps } from './app-api.ts';
export { AppStack, type AppStackProps } from './app-stack.ts';
export { PREVIEW_CDK_QUALIFIER, PREVIEW_PERMISSIONS_BOUNDARY, PREVIEW_TOOLKIT_STACK, stageStackProps } from './preview-isolation.ts';
export { sharedParameterNames, NO_DOMAIN, type SharedParameterNames } from './shared-parameters.ts';
export { ACCESS_LOG_FORMAT, ACCESS_LOG_FIELDS } from './access-log-format.ts';
export {
  authorizerIdentitySources,
  checkAuthorizerCaching,
  AUTHORIZATION_HEADER_SOURCE,
  ROUTE_KEY_SOURCE,
} from '../manifest/authorizer-caching.ts';
export { DpopCachingGuard, type DpopCachingGuardProps } from './dpop-caching-guard.ts';
export { stageParameterValue } from './stage-parameter.ts';
export { stageRemovalPolicy, stageLogRetention } from './stage-defaults.ts';
export { nodejsBundling, workspaceLockFile } from './nodejs-bundling.ts';
// Defined in the contract (`@frontdesk/gateway-core/contract`); every CDK app names its stack with one.
export { gatewayStackName, appStackName } from '../contract/names.ts';
export { bundleHandler, type BundleHandlerOptions, type BundleHandlerResult } from './bundle-handler.ts';
export { CONSTRUCT_SOURCE_METADATA, markConstructSource } from './construct-source.ts';
export { grants, type PolicyBlocks } from './grants/policy-blocks.ts';
export { AppTables, stageRecoveryDays, type AppTablesProps } from './resources/app-tables.ts';
export { defineStack, EXTENSION_FILE, type StackExtension, type StackExtensionContext } from './extension/define-stack.ts';
