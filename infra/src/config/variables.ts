import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ASYMMETRIC_ALGORITHMS, DPOP_MODES, MAX_CLOCK_TOLERANCE_SECONDS } from '@frontdesk/gateway-core/contract';
import { z } from 'zod';

/**
 * Every setting of a stage's shared layer, one environment variable each. CI sets them from the
 * GitHub environment's `vars` (`dev`, `preview`, `production`); locally they come from the shell.
 * The identity names are the ones the authorizer itself reads, so one value configures both.
 * The README's configuration reference lists each of them (a test holds the two together).
 */

/** CloudWatch Logs accepts only these retention periods (days); 9999 is CDK's "never expire". */
const RETENTION_DAYS = Object.values(RetentionDays)
  .filter((value): value is number => typeof value === 'number')
  .sort((a, b) => a - b);
/** Replaced by the stage name in `FRONTDESK_DOMAIN_NAME`, so each preview gets its own host. */
export const STAGE_TOKEN = '{stage}';

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const httpsUrl = z.string().refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
  message: 'must be an https:// URL',
});
const list = (item: z.ZodType<string, string>, what: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, { message: `must list at least one ${what}, comma-separated` }));
const arn = (service: string, resource: string) => new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}$`);

/** One variable: its schema (applied to a trimmed, non-empty value) and what the README says of it. */
export const STAGE_VARIABLES = {
  FRONTDESK_ISSUER: httpsUrl,
  FRONTDESK_AUDIENCE: list(z.string(), 'audience'),
  FRONTDESK_JWKS_URI: httpsUrl,
  FRONTDESK_ALGORITHMS: list(
    z.enum(ASYMMETRIC_ALGORITHMS, { message: `may only list asymmetric algorithms: ${ASYMMETRIC_ALGORITHMS.join(', ')}` }),
    'algorithm',
  ),
  FRONTDESK_CLOCK_TOLERANCE: z
    .string()
    .regex(/^\d+$/, { message: `must be a whole number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .max(MAX_CLOCK_TOLERANCE_SECONDS, { message: `must be a whole number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}` }),
    ),
  FRONTDESK_DPOP: z.enum(DPOP_MODES, { message: `must be one of ${DPOP_MODES.join(', ')}` }),
  FRONTDESK_JWKS_MAX_STALE_SECONDS: z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number of seconds from 60 to 86400' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(60, { message: 'must be a whole number of seconds from 60 to 86400' })
        .max(86_400, { message: 'must be a whole number of seconds from 60 to 86400' }),
    ),
  // The authorizer's own bound (config.ts: MAX_TOKEN_CACHE_SIZE); 0 turns the cache off.
  FRONTDESK_TOKEN_CACHE_SIZE: z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number of entries from 0 (off) to 100000' })
    .transform(Number)
    .pipe(z.number().max(100_000, { message: 'must be a whole number of entries from 0 (off) to 100000' })),
  FRONTDESK_ALLOW_UNTYPED_TOKENS: z
    .enum(['true', 'false'], { message: 'must be "true" or "false"' })
    .transform((value) => value === 'true'),
  FRONTDESK_PUBLIC_URL: z
    .string()
    .refine(isHttpsOrigin, { message: 'must be an https:// origin with no path, query or fragment, e.g. https://api.acme.com' }),
  FRONTDESK_DOMAIN_NAME: z.string().refine((value) => value === 'none' || HOSTNAME.test(value.replace(STAGE_TOKEN, 'stage')), {
    message: `must be a lower-case DNS name such as api.acme.com (previews: ${STAGE_TOKEN}.preview.acme.com), or "none"`,
  }),
  FRONTDESK_CERTIFICATE_ARN: z.string().regex(arn('acm', 'certificate/[A-Za-z0-9-]+'), {
    message: 'must be an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>, in the stack’s region',
  }),
  FRONTDESK_HOSTED_ZONE_ID: z
    .string()
    .regex(/^Z[A-Z0-9]{1,31}$/, { message: 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ' }),
  FRONTDESK_HOSTED_ZONE_NAME: z
    .string()
    .transform((value) => value.replace(/\.$/, ''))
    .pipe(z.string().regex(HOSTNAME, { message: 'must be the zone’s lower-case DNS name, e.g. acme.com' })),
  FRONTDESK_LOG_RETENTION_DAYS: z
    .string()
    .regex(/^\d+$/, { message: `must be a whole number of days, one of CloudWatch Logs’ periods: ${RETENTION_DAYS.join(', ')}` })
    .transform(Number)
    .pipe(
      z.number().refine((days) => RETENTION_DAYS.includes(days), {
        message: `must be one of CloudWatch Logs’ periods: ${RETENTION_DAYS.join(', ')} (9999 = never expire)`,
      }),
    ),
  FRONTDESK_ALARM_TOPIC_ARN: z.string().regex(arn('sns', '[A-Za-z0-9_-]{1,256}'), {
    message: 'must be an SNS topic ARN, arn:aws:sns:<region>:<account>:<topic>',
  }),
} as const;

export type StageVariableName = keyof typeof STAGE_VARIABLES;
export const STAGE_VARIABLE_NAMES = Object.keys(STAGE_VARIABLES) as StageVariableName[];

function isHttpsOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.origin === value.replace(/\/$/, '') && url.username === '' && url.password === '';
}
