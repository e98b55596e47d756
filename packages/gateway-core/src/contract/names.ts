import type { Stage } from '../stage.ts';

/**
 * The names the CDK stacks give deployed things and the local gateway, the CLI and CI address
 * them by. A stage is given resolved (`resolveStage(…)`) or by its name.
 */
type StageRef = Pick<Stage, 'name'> | string;

const nameOf = (stage: StageRef): string => (typeof stage === 'string' ? stage : stage.name);

/** The alias API Gateway invokes and `pnpm rollback` moves; versions are published behind it. */
export const LIVE_ALIAS = 'live';

/** The function of one app in one stage, e.g. `frontdesk-dev-orders`. */
export function appFunctionName(stage: StageRef, appName: string): string {
  return `frontdesk-${nameOf(stage)}-${appName}`;
}

/**
 * The shared authorizer's function name. App stacks address the function by this name in their
 * own account and region — never by a value read from SSM — so nothing an app team deploys can
 * point other apps at another function.
 */
export function authorizerFunctionName(stage: StageRef): string {
  return `frontdesk-${nameOf(stage)}-authorizer`;
}

/**
 * Stack names carry the stage, so `dev`, `prod` and every `pr-<n>` preview can live side by side
 * in one account, and CI can name exactly the stack it deploys or destroys.
 */
export function gatewayStackName(stage: StageRef): string {
  return `frontdesk-${nameOf(stage)}-gateway`;
}

/** The stack of one app in one stage, e.g. `frontdesk-pr-42-app-orders`. */
export function appStackName(stage: StageRef, appName: string): string {
  return `frontdesk-${nameOf(stage)}-app-${appName}`;
}
