export { AppObservability } from './app-observability.ts';
export { GradualDeployment, isGradual } from './gradual-deployment.ts';
