import type { DpopMode, GatewayDomainProps, RootGatewayProps } from '@frontdesk/gateway-core/cdk';
import { dpopModeFrom } from '@frontdesk/gateway-core/cdk';
import type { Stage } from '@frontdesk/gateway-core';

/** Everything a stage's shared layer is configured with; `RootGatewayProps` without the stage. */
export type StageConfig = Omit<RootGatewayProps, 'stage'>;

/**
 * The checked-in configuration of each kind of stage. The values are EXAMPLES: replace them with
 * your identity provider and domain, or override them per deploy with the environment variables
 * read by {@link stageConfig} (CI sets them from its secrets/variables).
 */
export const STAGE_CONFIGS: Readonly<Record<Stage['kind'], StageConfig>> = {
  dev: {
    issuer: 'https://login.example.com/',
    audience: ['https://api.example.com'],
    dpop: 'optional',
    // No custom domain in dev: apps are reached on their execute-api endpoints.
    publicUrl: 'https://dev.api.example.com',
  },
  prod: {
    issuer: 'https://login.example.com/',
    audience: ['https://api.example.com'],
    dpop: 'optional',
    domain: {
      domainName: 'api.example.com',
      // A certificate is created and DNS-validated in this zone, and A/AAAA aliases point at the gateway.
      hostedZone: { hostedZoneId: 'Z0000000EXAMPLE0ZONE', zoneName: 'example.com' },
    },
  },
  preview: {
    issuer: 'https://login.example.com/',
    audience: ['https://api.example.com'],
    dpop: 'optional',
    publicUrl: 'https://dev.api.example.com',
  },
};

/** Overrides one deploy can set without editing this file; the names match what the authorizer itself reads. */
export const STAGE_ENV_OVERRIDES = [
  'FRONTDESK_ISSUER',
  'FRONTDESK_AUDIENCE',
  'FRONTDESK_JWKS_URI',
  'FRONTDESK_ALGORITHMS',
  'FRONTDESK_CLOCK_TOLERANCE',
  'FRONTDESK_DPOP',
  'FRONTDESK_PUBLIC_URL',
  'FRONTDESK_DOMAIN_NAME',
  'FRONTDESK_CERTIFICATE_ARN',
  'FRONTDESK_HOSTED_ZONE_ID',
  'FRONTDESK_HOSTED_ZONE_NAME',
] as const;

type Env = Readonly<Partial<Record<string, string>>>;
type OverrideName = (typeof STAGE_ENV_OVERRIDES)[number];

/**
 * The configuration of `stage`: the checked-in values for its kind, then any `FRONTDESK_*`
 * overrides from `env`. `FRONTDESK_DOMAIN_NAME=none` removes the domain. `RootGateway` validates
 * the result and names the offending setting.
 */
export function stageConfig(stage: Stage, env: Env = process.env): StageConfig {
  const base = STAGE_CONFIGS[stage.kind];
  const list = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);
  const set = (name: OverrideName) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const tolerance = set('FRONTDESK_CLOCK_TOLERANCE');
  if (tolerance !== undefined && !/^\d+$/.test(tolerance)) {
    throw new Error(`FRONTDESK_CLOCK_TOLERANCE="${tolerance}" must be a whole number of seconds`);
  }
  return {
    ...base,
    issuer: set('FRONTDESK_ISSUER') ?? base.issuer,
    audience: set('FRONTDESK_AUDIENCE') === undefined ? base.audience : list(env.FRONTDESK_AUDIENCE!),
    jwksUri: set('FRONTDESK_JWKS_URI') ?? base.jwksUri,
    algorithms: set('FRONTDESK_ALGORITHMS') === undefined ? base.algorithms : list(env.FRONTDESK_ALGORITHMS!),
    clockToleranceSeconds: tolerance === undefined ? base.clockToleranceSeconds : Number(tolerance),
    dpop: set('FRONTDESK_DPOP') === undefined ? base.dpop : (dpopModeFrom(env.FRONTDESK_DPOP, 'FRONTDESK_DPOP') satisfies DpopMode),
    publicUrl: set('FRONTDESK_PUBLIC_URL') ?? base.publicUrl,
    domain: domainFrom(base.domain, set),
  };
}

/**
 * The stage's domain after overrides. A new `FRONTDESK_DOMAIN_NAME` drops the checked-in
 * certificate and zone (they belong to the other name) unless those are overridden too.
 */
function domainFrom(base: GatewayDomainProps | undefined, set: (name: OverrideName) => string | undefined): GatewayDomainProps | undefined {
  const domainName = set('FRONTDESK_DOMAIN_NAME');
  const certificateArn = set('FRONTDESK_CERTIFICATE_ARN');
  const zoneId = set('FRONTDESK_HOSTED_ZONE_ID');
  const zoneName = set('FRONTDESK_HOSTED_ZONE_NAME');
  if ((zoneId === undefined) !== (zoneName === undefined)) {
    throw new Error('FRONTDESK_HOSTED_ZONE_ID and FRONTDESK_HOSTED_ZONE_NAME go together: set both or neither');
  }
  const hostedZone = zoneId !== undefined && zoneName !== undefined ? { hostedZoneId: zoneId, zoneName } : undefined;
  if (domainName === 'none') return undefined;
  if (domainName !== undefined) return { domainName, certificateArn, hostedZone };
  if (base === undefined) {
    if (certificateArn !== undefined || hostedZone !== undefined) {
      throw new Error('FRONTDESK_CERTIFICATE_ARN and FRONTDESK_HOSTED_ZONE_* need FRONTDESK_DOMAIN_NAME: this stage has no domain configured');
    }
    return undefined;
  }
  return { ...base, certificateArn: certificateArn ?? base.certificateArn, hostedZone: hostedZone ?? base.hostedZone };
}
