import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { GatewayDomainProps, RootGatewayProps } from '@frontdesk/gateway-core/cdk';
import type { Stage } from '@frontdesk/gateway-core';
import { FrontdeskError } from '@frontdesk/gateway-core/contract';
import { placeholderReason } from './config/placeholders.ts';
import { STAGE_TOKEN, STAGE_VARIABLES, STAGE_VARIABLE_NAMES, type StageVariableName } from './config/variables.ts';

/** Everything a stage's shared layer is configured with; `RootGatewayProps` without the stage. */
export type StageConfig = Omit<RootGatewayProps, 'stage'>;

/**
 * What an offline `dev` or preview synth uses for an identity setting nobody gave. Under the
 * reserved `.invalid` TLD (RFC 2606 §2): no one can ever run an issuer there, so a stage built
 * from them denies every token, and every deploy refuses them (see {@link resolveStageConfig}).
 */
export const SYNTH_PLACEHOLDERS = {
  FRONTDESK_ISSUER: 'https://issuer.frontdesk.invalid/',
  FRONTDESK_AUDIENCE: 'https://api.frontdesk.invalid',
} as const;

/** What each required variable is, for the message that says it is missing. */
const REQUIRED_HINTS = {
  FRONTDESK_ISSUER: 'the OIDC issuer URL your identity provider puts in `iss`, e.g. https://login.acme.com/',
  FRONTDESK_AUDIENCE: 'the `aud` values access tokens for this API carry, comma-separated, e.g. https://api.acme.com',
  FRONTDESK_DOMAIN_NAME: `prod serves every app under one custom domain, e.g. api.acme.com (or "none" to serve each app on its own execute-api URL)`,
} as const;

/** The CDK context key `pnpm run deploy` sets (`--context frontdesk:deploy=true`): synthesis for a deploy. */
export const DEPLOY_CONTEXT = 'frontdesk:deploy';

/** Missing or invalid settings, each line naming its variable and what is allowed. */
export class StageConfigError extends FrontdeskError<'ERR_STAGE_CONFIG'> {
  override readonly name = 'StageConfigError';
  constructor(
    stage: Stage,
    public readonly problems: readonly string[],
  ) {
    super(
      'ERR_STAGE_CONFIG',
      [
        `Stage "${stage.name}" is not configured: ${problems.length} setting${problems.length === 1 ? '' : 's'} missing or invalid`,
        ...problems.map((problem) => `  - ${problem}`),
        'Set them in the shell, or as variables of the GitHub environment that deploys this stage (README: Configuration reference).',
      ].join('\n'),
    );
  }
}

export interface StageConfigOptions {
  /**
   * A deploy is about to use the result: placeholders and missing required settings are refused
   * for every stage, not only `prod`.
   * @default false
   */
  readonly deploying?: boolean;
}

export interface ResolvedStageConfig {
  readonly config: StageConfig;
  /** Variables an offline synth filled with, or found holding, a placeholder; empty for a deployable config. */
  readonly placeholders: readonly string[];
}

type Env = Readonly<Partial<Record<string, string>>>;

/**
 * The configuration of `stage`, read once from the `FRONTDESK_*` variables of `env` and checked
 * as a whole: every problem is reported at once, each naming its variable.
 *
 * - `FRONTDESK_ISSUER` and `FRONTDESK_AUDIENCE` are required everywhere, `FRONTDESK_DOMAIN_NAME`
 *   (a name or `none`) in `prod`. An offline synth of `dev` or a preview fills a missing identity
 *   setting with {@link SYNTH_PLACEHOLDERS} and reports it in `placeholders`.
 * - `prod`, and any stage when {@link StageConfigOptions.deploying}, refuses placeholders.
 * - `{stage}` in `FRONTDESK_DOMAIN_NAME` / `FRONTDESK_PUBLIC_URL` becomes the stage name; a preview's
 *   domain must start with it (`{stage}.preview.acme.com`): two previews cannot share a custom domain
 *   name, and the preview permissions boundary allows `pr-*` names only.
 * - Without a domain each app answers on its own execute-api URL, which DPoP proofs then name
 *   (`htu`), so `FRONTDESK_PUBLIC_URL` is refused there.
 *
 * @throws {StageConfigError}
 */
export function resolveStageConfig(stage: Stage, env: Env = process.env, options: StageConfigOptions = {}): ResolvedStageConfig {
  const strict = stage.kind === 'prod' || options.deploying === true;
  const problems: string[] = [];
  const placeholders: string[] = [];
  const raw = (name: StageVariableName) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const stageTokens = new Set<StageVariableName>();
  const text = (name: StageVariableName) => {
    const value = raw(name);
    if (value === undefined || !value.includes(STAGE_TOKEN)) return value;
    stageTokens.add(name);
    return value.replaceAll(STAGE_TOKEN, stage.name);
  };

  const values: Partial<Record<StageVariableName, unknown>> = {};
  for (const name of STAGE_VARIABLE_NAMES) {
    const value = text(name);
    if (value === undefined) continue;
    const parsed = STAGE_VARIABLES[name].safeParse(value);
    if (!parsed.success) {
      problems.push(`${name}="${value}" ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
      continue;
    }
    values[name] = parsed.data;
    const reason = placeholderReason(value);
    if (reason !== undefined) {
      if (strict) problems.push(`${name}="${value}" is a placeholder: ${reason}`);
      else placeholders.push(name);
    }
  }
  const get = <T>(name: StageVariableName) => values[name] as T | undefined;

  for (const name of ['FRONTDESK_ISSUER', 'FRONTDESK_AUDIENCE'] as const) {
    if (raw(name) !== undefined) continue;
    if (strict) {
      problems.push(`${name} is not set: ${REQUIRED_HINTS[name]}`);
    } else {
      values[name] = name === 'FRONTDESK_AUDIENCE' ? [SYNTH_PLACEHOLDERS[name]] : SYNTH_PLACEHOLDERS[name];
      placeholders.push(name);
    }
  }

  const domain = domainFrom(stage, get, raw, stageTokens, problems);
  const publicUrl = get<string>('FRONTDESK_PUBLIC_URL')?.replace(/\/$/, '');
  if (publicUrl !== undefined && domain === undefined) {
    problems.push(
      'FRONTDESK_PUBLIC_URL needs FRONTDESK_DOMAIN_NAME: without a custom domain each app answers on its own execute-api URL and DPoP proofs name that URL (htu); unset it, or give the stage a domain',
    );
  }

  if (problems.length > 0) throw new StageConfigError(stage, problems);
  const config: StageConfig = {
    issuer: get<string>('FRONTDESK_ISSUER')!,
    audience: get<string[]>('FRONTDESK_AUDIENCE')!,
    jwksUri: get<string>('FRONTDESK_JWKS_URI'),
    algorithms: get<string[]>('FRONTDESK_ALGORITHMS'),
    clockToleranceSeconds: get<number>('FRONTDESK_CLOCK_TOLERANCE'),
    dpop: get<StageConfig['dpop']>('FRONTDESK_DPOP'),
    allowUntypedTokens: get<boolean>('FRONTDESK_ALLOW_UNTYPED_TOKENS'),
    jwksMaxStaleSeconds: get<number>('FRONTDESK_JWKS_MAX_STALE_SECONDS'),
    tokenCacheSize: get<number>('FRONTDESK_TOKEN_CACHE_SIZE'),
    publicUrl,
    domain,
    logRetention: get<RetentionDays>('FRONTDESK_LOG_RETENTION_DAYS'),
    alarmTopicArn: get<string>('FRONTDESK_ALARM_TOPIC_ARN'),
  };
  // Unset optional settings stay absent, so RootGateway's documented defaults apply.
  const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as unknown as StageConfig;
  return { config: defined, placeholders };
}

/** {@link resolveStageConfig}'s configuration alone. */
export function stageConfig(stage: Stage, env: Env = process.env, options: StageConfigOptions = {}): StageConfig {
  return resolveStageConfig(stage, env, options).config;
}

/** The stage's custom domain, or `undefined`; problems are appended, naming the variables. */
function domainFrom(
  stage: Stage,
  get: <T>(name: StageVariableName) => T | undefined,
  raw: (name: StageVariableName) => string | undefined,
  stageTokens: ReadonlySet<StageVariableName>,
  problems: string[],
): GatewayDomainProps | undefined {
  const domainName = get<string>('FRONTDESK_DOMAIN_NAME');
  const certificateArn = get<string>('FRONTDESK_CERTIFICATE_ARN');
  const zoneId = get<string>('FRONTDESK_HOSTED_ZONE_ID');
  const zoneName = get<string>('FRONTDESK_HOSTED_ZONE_NAME');
  if ((raw('FRONTDESK_HOSTED_ZONE_ID') === undefined) !== (raw('FRONTDESK_HOSTED_ZONE_NAME') === undefined)) {
    problems.push('FRONTDESK_HOSTED_ZONE_ID and FRONTDESK_HOSTED_ZONE_NAME go together: set both or neither');
  }
  if (raw('FRONTDESK_DOMAIN_NAME') === undefined) {
    if (stage.kind === 'prod') problems.push(`FRONTDESK_DOMAIN_NAME is not set: ${REQUIRED_HINTS.FRONTDESK_DOMAIN_NAME}`);
  }
  if (domainName === undefined || domainName === 'none') {
    if (raw('FRONTDESK_CERTIFICATE_ARN') !== undefined || raw('FRONTDESK_HOSTED_ZONE_ID') !== undefined) {
      problems.push('FRONTDESK_CERTIFICATE_ARN and FRONTDESK_HOSTED_ZONE_* need FRONTDESK_DOMAIN_NAME: this stage has no custom domain');
    }
    return undefined;
  }
  // The preview permissions boundary allows DNS records and API mappings under pr-* names only.
  if (stage.kind === 'preview' && !(stageTokens.has('FRONTDESK_DOMAIN_NAME') && domainName.startsWith(`${stage.name}.`))) {
    problems.push(
      `FRONTDESK_DOMAIN_NAME="${domainName}" must start with ${STAGE_TOKEN}. for previews (e.g. ${STAGE_TOKEN}.preview.acme.com): every pull request deploys its own stage under its own name, the only names the preview permissions boundary lets it touch`,
    );
  }
  if (certificateArn === undefined && zoneId === undefined) {
    problems.push(
      `FRONTDESK_DOMAIN_NAME="${domainName}" needs FRONTDESK_CERTIFICATE_ARN (an ACM certificate in the stack's region covering it) or FRONTDESK_HOSTED_ZONE_ID + FRONTDESK_HOSTED_ZONE_NAME (to create one, validated through DNS)`,
    );
  }
  if (zoneName !== undefined && domainName !== zoneName && !domainName.endsWith(`.${zoneName}`)) {
    problems.push(`FRONTDESK_DOMAIN_NAME="${domainName}" is not inside FRONTDESK_HOSTED_ZONE_NAME="${zoneName}"`);
  }
  const hostedZone = zoneId !== undefined && zoneName !== undefined ? { hostedZoneId: zoneId, zoneName } : undefined;
  return { domainName, ...(certificateArn === undefined ? {} : { certificateArn }), ...(hostedZone === undefined ? {} : { hostedZone }) };
}
