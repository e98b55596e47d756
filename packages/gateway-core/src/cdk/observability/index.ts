export { AppObservability, type AppObservabilityProps } from './app-observability.ts';
export { FAIL_CLOSED_CODES, GatewayOverview, type GatewayOverviewProps } from './gateway-overview.ts';
export { GradualDeployment, isGradual, type GradualDeploymentProps } from './gradual-deployment.ts';
export { frontdeskSearch } from './search.ts';
