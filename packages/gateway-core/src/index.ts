/**
 * The runtime-safe face of gateway-core: manifests and the route table. Nothing reachable from
 * here imports aws-cdk-lib; constructs live at `@frontdesk/gateway-core/cdk`.
 */
export * from './manifest/index.ts';
export { resolveStage, type Stage } from './stage.ts';
export { hasDotSegment, pathAmbiguity, type PathAmbiguity } from './paths/dot-segments.ts';
