import { z } from 'zod';
import { basePathProblem } from './base-path.ts';
import { routeKeyProblem } from './route-key.ts';
import { alarmsSchema, deploymentSchema, secretsSchema } from './operations.ts';
import { tablesSchema } from './tables.ts';

/** Lambda's own bounds, narrowed by API Gateway's 30-second integration timeout. */
export const LIMITS = {
  memoryMb: { min: 128, max: 10_240 },
  timeoutSeconds: { min: 1, max: 30 },
  authorizerCacheSeconds: { min: 0, max: 3600 },
  /**
   * Lambda keeps at least 100 of an account's concurrency unreserved, and the default account
   * quota is 1000 ("Lambda quotas"; "Configuring reserved concurrency"): 900 is the most a
   * function can reserve without a quota increase. 0 would throttle every request.
   */
  reservedConcurrency: { min: 1, max: 900 },
} as const;

export const DEFAULTS = {
  handler: 'src/handler.ts',
  memoryMb: 256,
  timeoutSeconds: 10,
  architecture: 'arm64',
  throttle: { rateLimit: 100, burstLimit: 200 },
  authorizerCacheSeconds: 0,
} as const;

const APP_NAME = /^[a-z][a-z0-9-]{0,38}[a-z0-9]$/;
const OWNER = /^@?[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
/**
 * Scopes travel to the authorizer as API Gateway stage variables, whose values allow only
 * letters, digits and `-._~:/?#&=`; a comma separates scopes.
 */
const SCOPE = /^[A-Za-z0-9\-._~:/?#&=]+$/;
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Lambda refuses reserved variables; FRONTDESK_ is ours (runtime wiring set by AppApi). */
const RESERVED_ENV_PREFIXES = ['AWS_', 'LAMBDA_', 'FRONTDESK_', '_'];
const RESERVED_ENV_NAMES = ['TZ', 'NODE_OPTIONS'];

const scopesRoute = z.strictObject({
  scopes: z
    .array(
      z.string().regex(SCOPE, {
        message: 'a scope may only contain letters, digits and -._~:/?#&= (no spaces or commas)',
      }),
      { message: 'scopes must be a list of scope strings, e.g. ["orders:read"]' },
    )
    .max(10, { message: 'at most 10 scopes per route' })
    .refine((scopes) => new Set(scopes).size === scopes.length, { message: 'scopes must not repeat' }),
  description: z.string().optional(),
});

const publicRoute = z.strictObject({
  auth: z.literal('public', { message: 'auth may only be "public"; protected routes declare scopes instead' }),
  reason: z
    .string({ message: 'a public route needs a reason: say why anyone may call it' })
    .trim()
    .min(10, { message: 'a public route needs a reason of at least 10 characters saying why anyone may call it' }),
  description: z.string().optional(),
});

const route = z.unknown().transform((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'a route is an object: { scopes: [...] } or { auth: "public", reason: "..." }' });
    return z.NEVER;
  }
  const hasScopes = 'scopes' in value;
  const hasAuth = 'auth' in value;
  if (hasScopes && hasAuth) {
    ctx.addIssue({ code: 'custom', message: 'a route declares either scopes or auth: "public", not both' });
    return z.NEVER;
  }
  if (!hasScopes && !hasAuth) {
    ctx.addIssue({
      code: 'custom',
      message: 'every route needs an explicit auth requirement: { scopes: [...] } or { auth: "public", reason: "..." } (deny by default)',
    });
    return z.NEVER;
  }
  const parsed = (hasScopes ? scopesRoute : publicRoute).safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: issue.path } as never);
    return z.NEVER;
  }
  return parsed.data;
});

/**
 * One acknowledged policy-lint finding. The lint (not this schema) insists on a reason of at
 * least a sentence and reports suppressions that match nothing, so a weak or stale one is
 * itself a finding rather than a manifest that fails to load.
 */
const policySuppression = z.strictObject({
  rule: z
    .string({ message: 'a suppression names the rule id it acknowledges, e.g. "FD-IAM-001" or "AwsSolutions-IAM5[Resource::*]"' })
    .min(1),
  resource: z.string({ message: 'a suppression names the resource it applies to: a construct path, logical id or route key' }).min(1),
  reason: z.string().optional(),
});

export const manifestSchema = z.strictObject({
  name: z.string({ message: 'name is required' }).regex(APP_NAME, {
    message: 'name must be 2-40 characters of lower-case letters, digits and "-", starting with a letter (it names stacks and functions)',
  }),
  owner: z
    .string({ message: 'owner is required: the team that answers for this app (e.g. "team-orders" or "@acme/orders")' })
    .regex(OWNER, {
      message: 'owner must be a team or user handle such as "team-orders" or "@acme/orders"',
    }),
  description: z.string().optional(),
  basePath: z
    .string({ message: 'basePath is required: the mapping key the app is served under, e.g. "orders"' })
    .superRefine((value, ctx) => {
      const problem = basePathProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  handler: z
    .string()
    .regex(/^(?!\/)(?!.*\.\.)[\w\-./]+\.(ts|mts|js|mjs)$/, {
      message: 'handler is a path inside the app folder to a .ts/.js file exporting `handler`, e.g. "src/handler.ts"',
    })
    .default(DEFAULTS.handler),
  routes: z.record(z.string(), route, { message: 'routes is an object keyed by "METHOD /path"' }).superRefine((routes, ctx) => {
    const keys = Object.keys(routes);
    if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'declare at least one route' });
    for (const key of keys) {
      const problem = routeKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  }),
  function: z
    .strictObject({
      memoryMb: z.number().int().min(LIMITS.memoryMb.min).max(LIMITS.memoryMb.max).default(DEFAULTS.memoryMb),
      timeoutSeconds: z
        .number()
        .int()
        .min(LIMITS.timeoutSeconds.min)
        .max(LIMITS.timeoutSeconds.max, {
          message: `timeoutSeconds must be at most ${LIMITS.timeoutSeconds.max}: API Gateway HTTP APIs end every integration at 30 s`,
        })
        .default(DEFAULTS.timeoutSeconds),
      architecture: z.enum(['arm64', 'x86_64'], { message: 'architecture must be "arm64" or "x86_64"' }).default(DEFAULTS.architecture),
      /**
       * The most invocations that run at once (Lambda reserved concurrency; the local gateway's
       * worker limit too). Unset: the account's unreserved pool, and the local default.
       */
      reservedConcurrency: z
        .number({ message: 'reservedConcurrency must be a whole number of concurrent executions, e.g. 5' })
        .int({ message: 'reservedConcurrency must be a whole number of concurrent executions, e.g. 5' })
        .min(LIMITS.reservedConcurrency.min, {
          message: 'reservedConcurrency must be at least 1: 0 would throttle every request (leave it out for no limit)',
        })
        .max(LIMITS.reservedConcurrency.max, {
          message: `reservedConcurrency must be at most ${LIMITS.reservedConcurrency.max}: Lambda keeps 100 of the default 1000 account concurrency unreserved`,
        })
        .optional(),
    })
    .prefault({}),
  environment: z
    .record(z.string(), z.string({ message: 'environment values must be strings' }))
    .superRefine((environment, ctx) => {
      for (const name of Object.keys(environment)) {
        if (!ENV_NAME.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `"${name}" is not a valid variable name (letters, digits, "_", starting with a letter)`,
          });
        } else if (RESERVED_ENV_NAMES.includes(name) || RESERVED_ENV_PREFIXES.some((prefix) => name.startsWith(prefix))) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `"${name}" is reserved (Lambda reserves AWS_*, LAMBDA_*, TZ and friends; Frontdesk reserves FRONTDESK_*)`,
          });
        }
      }
    })
    .default({}),
  throttle: z
    .strictObject({
      rateLimit: z.number().positive().default(DEFAULTS.throttle.rateLimit),
      burstLimit: z.number().int().positive().default(DEFAULTS.throttle.burstLimit),
    })
    .prefault({}),
  authorizer: z
    .strictObject({
      /**
       * Seconds API Gateway may reuse an authorizer decision. Above 0, `$context.routeKey` joins
       * the identity sources; it must stay 0 while DPoP is on (each proof is single-use).
       */
      cacheTtlSeconds: z
        .number()
        .int()
        .min(LIMITS.authorizerCacheSeconds.min)
        .max(LIMITS.authorizerCacheSeconds.max)
        .default(DEFAULTS.authorizerCacheSeconds),
    })
    .prefault({}),
  /** Policy lint settings: acknowledged findings, each with a rule id, resource and reason. */
  policy: z
    .strictObject({
      suppressions: z.array(policySuppression).default([]),
    })
    .prefault({}),
  /** Named secrets (Secrets Manager or SSM SecureString); only this app's function may read them. */
  secrets: secretsSchema,
  /** DynamoDB tables the app owns, each with the access its function gets (`read`, `write`, `readWrite`). */
  tables: tablesSchema,
  /** Alarm thresholds for the app's dashboard alarms; defaults in OPERATIONS_DEFAULTS. */
  alarms: alarmsSchema,
  /** How a deploy shifts traffic to the new version behind `live`. */
  deployment: deploymentSchema,
});

/** What an app author writes in `app.config.ts`. */
export type AppManifestInput = z.input<typeof manifestSchema>;
/** The validated manifest, with every default filled in. */
export type AppManifest = z.output<typeof manifestSchema>;
export type RouteAuth = AppManifest['routes'][string];
export type ScopedRoute = z.output<typeof scopesRoute>;
export type PublicRoute = z.output<typeof publicRoute>;
export type PolicySuppression = z.output<typeof policySuppression>;

export function isPublicRoute(route: RouteAuth): route is PublicRoute {
  return 'auth' in route && route.auth === 'public';
}
