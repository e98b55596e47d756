import { z } from 'zod';

/**
 * The manifest's operations fields: the app's secrets, its alarm thresholds, and how a deploy
 * moves traffic to the new version. Every field has a default, so an app that says nothing gets
 * alarms and an all-at-once deploy.
 */
export const OPERATIONS_DEFAULTS = {
  alarms: {
    serverErrorRatePercent: 5,
    p99LatencyMs: 3000,
    throttles: 1,
    functionErrors: 1,
    periodMinutes: 5,
  },
  deployment: { strategy: 'all-at-once', percent: 10, intervalMinutes: 5 },
} as const;

/** Secret names become env keys, resource names and file keys: keep them boring. */
const SECRET_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]+$/;

const secretsManagerSecret = z.strictObject({
  source: z.literal('secretsmanager'),
  description: z.string().optional(),
  /**
   * Rotate this generated secret (a signing key, an API key the app issues) every `days` days with
   * gateway-core's generic rotation function: a new random value becomes AWSCURRENT and the old one
   * AWSPREVIOUS, which `getSecretVersions(name)` returns so verifiers accept both during rotation.
   */
  rotation: z
    .strictObject({
      days: z
        .number({ message: 'rotation.days is a whole number of days between 1 and 1000, e.g. rotation: { days: 30 }' })
        .int({ message: 'rotation.days is a whole number of days between 1 and 1000' })
        .min(1, { message: 'rotation.days must be between 1 and 1000 (Secrets Manager’s bounds)' })
        .max(1000, { message: 'rotation.days must be between 1 and 1000 (Secrets Manager’s bounds)' }),
      // The earlier form named an app-supplied handler; Frontdesk now ships the rotation function.
      everyDays: z.never({ message: 'rotation.everyDays is now rotation.days: write rotation: { days: <n> }' }).optional(),
      handler: z
        .never({
          message:
            'rotation.handler is gone: Frontdesk rotates generated secrets with its own function; write rotation: { days: <n> } (a secret shared with another service is rotated by that service)',
        })
        .optional(),
    })
    .optional(),
});

const ssmSecret = z.strictObject({
  source: z.literal('ssm'),
  description: z.string().optional(),
  /**
   * An existing SecureString parameter (CloudFormation cannot create SecureStrings), imported by
   * name. Defaults to `/frontdesk/<stage>/<app>/secrets/<name>`.
   */
  parameterName: z
    .string()
    .regex(PARAMETER_NAME, { message: 'parameterName must be an SSM parameter path such as "/team/orders/db-password"' })
    .optional(),
});

export const secretsSchema = z
  .record(
    z.string(),
    z.discriminatedUnion('source', [secretsManagerSecret, ssmSecret], {
      message: 'a secret is { source: "secretsmanager", rotation?: { days } } or { source: "ssm", parameterName? }',
    }),
  )
  .superRefine((secrets, ctx) => {
    for (const name of Object.keys(secrets)) {
      if (!SECRET_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `a secret name is 1-63 lower-case letters, digits and "-", starting with a letter; "${name}" is not`,
        });
      }
    }
  })
  .default({});

export const alarmsSchema = z
  .strictObject({
    /** Percentage of requests answered 5xx by the API within a period. */
    serverErrorRatePercent: z.number().positive().max(100).default(OPERATIONS_DEFAULTS.alarms.serverErrorRatePercent),
    /** p99 of the API's end-to-end latency within a period. */
    p99LatencyMs: z.number().int().positive().max(30_000).default(OPERATIONS_DEFAULTS.alarms.p99LatencyMs),
    /** Throttled invocations of the function within a period. */
    throttles: z.number().int().min(1).default(OPERATIONS_DEFAULTS.alarms.throttles),
    /** Failed invocations (the handler threw or timed out) within a period. */
    functionErrors: z.number().int().min(1).default(OPERATIONS_DEFAULTS.alarms.functionErrors),
    periodMinutes: z.number().int().min(1).max(60).default(OPERATIONS_DEFAULTS.alarms.periodMinutes),
  })
  .prefault({});

export const deploymentSchema = z
  .strictObject({
    /**
     * `all-at-once` moves `live` to the new version at once. `canary` sends `percent` of traffic
     * for `intervalMinutes`, then all; `linear` adds `percent` every `intervalMinutes`. Gradual
     * deploys run through CodeDeploy and roll back automatically when an app alarm fires.
     */
    strategy: z
      .enum(['all-at-once', 'canary', 'linear'], { message: 'deployment.strategy must be "all-at-once", "canary" or "linear"' })
      .default(OPERATIONS_DEFAULTS.deployment.strategy),
    percent: z.number().int().min(1).max(99).default(OPERATIONS_DEFAULTS.deployment.percent),
    intervalMinutes: z.number().int().min(1).max(2880).default(OPERATIONS_DEFAULTS.deployment.intervalMinutes),
  })
  .prefault({});

export type SecretDeclaration = z.output<typeof secretsManagerSecret> | z.output<typeof ssmSecret>;
export type AlarmThresholds = z.output<typeof alarmsSchema>;
export type DeploymentSettings = z.output<typeof deploymentSchema>;
