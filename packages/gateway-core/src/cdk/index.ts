/**
 * CDK constructs of Frontdesk: the shared layer of a stage (`RootGateway`) and one app
 * (`AppApi`, `AppStack`). The only subpath that imports aws-cdk-lib.
 */
export {
  RootGateway,
  type RootGatewayProps,
  type GatewayDomainProps,
} from './root-gateway.ts';
export { AppStack } from './app-stack.ts';
export { PREVIEW_CDK_QUALIFIER, PREVIEW_PERMISSIONS_BOUNDARY, PREVIEW_TOOLKIT_STACK, stageStackProps } from './preview-isolation.ts';
export { sharedParameterNames } from './shared-parameters.ts';
// Defined in the contract (`@frontdesk/gateway-core/contract`); every CDK app names its stack with one.
export { gatewayStackName, appStackName } from '../contract/names.ts';
export { CONSTRUCT_SOURCE_METADATA } from './construct-source.ts';
/** @public Documented for apps' stack.ts (README, "Policy blocks"). */
export { grants, type PolicyBlocks } from './grants/policy-blocks.ts';
export { defineStack } from './extension/define-stack.ts';
