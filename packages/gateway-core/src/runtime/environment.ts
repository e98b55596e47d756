/**
 * Where the code runs decides how telemetry leaves it: in Lambda, metrics go to stdout as EMF
 * and traces to X-Ray; under `pnpm dev` there is no X-Ray daemon and no CloudWatch agent.
 */
export interface RuntimeEnvironment {
  /**
   * True inside the AWS Lambda runtime (which sets `AWS_EXECUTION_ENV=AWS_Lambda_nodejs…`), and
   * false under local emulators that set it too: `pnpm dev` (`FRONTDESK_LOCAL=true`) and SAM
   * (`AWS_SAM_LOCAL=true`).
   */
  readonly inLambda: boolean;
  /** Frontdesk stage (`dev`, `prod`, `pr-<n>`), or `local` under `pnpm dev`. */
  readonly stage: string;
}

export function runtimeEnvironment(env: NodeJS.ProcessEnv = process.env): RuntimeEnvironment {
  const inLambda =
    env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_') === true && env.AWS_SAM_LOCAL !== 'true' && env.FRONTDESK_LOCAL !== 'true';
  return { inLambda, stage: env.FRONTDESK_STAGE || (inLambda ? env.STAGE : undefined) || 'local' };
}
