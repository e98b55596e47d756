import type { Stage } from '../stage.ts';

/**
 * Stack names carry the stage, so `dev`, `prod` and every `pr-<n>` preview can live side by side
 * in one account, and CI can name exactly the stack it deploys or destroys.
 */
export function gatewayStackName(stage: Stage): string {
  return `frontdesk-${stage.name}-gateway`;
}

/** The stack of one app in one stage, e.g. `frontdesk-pr-42-app-orders`. */
export function appStackName(stage: Stage, appName: string): string {
  return `frontdesk-${stage.name}-app-${appName}`;
}
