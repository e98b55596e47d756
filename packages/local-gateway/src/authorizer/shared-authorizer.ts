import type { DecisionRecord } from '@frontdesk/gateway-core/authorizer';
import type { AuthorizerFunction } from '../gateway/authorize.ts';
import { DEFAULT_AUDIENCE } from '../idp/paths.ts';
import type { LogSink } from '../logs/print-app-logs.ts';

/**
 * The `FRONTDESK_*` variables the in-process authorizer reads: the dev IdP as issuer unless
 * configured otherwise, then every `FRONTDESK_*` variable of the environment, as the deployed
 * function would see them.
 */
export function authorizerEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  local: { readonly devIdpIssuer: string; readonly origin: string; readonly stage: string },
): Record<string, string | undefined> {
  const authorizerEnv: Record<string, string | undefined> = {
    FRONTDESK_ISSUER: local.devIdpIssuer,
    FRONTDESK_AUDIENCE: DEFAULT_AUDIENCE,
    FRONTDESK_PUBLIC_URL: local.origin,
    FRONTDESK_STAGE: local.stage,
    ...Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('FRONTDESK_'))),
  };
  // The dev IdP's keys are read straight from its JWKS; another issuer is found through discovery.
  if (authorizerEnv.FRONTDESK_ISSUER === local.devIdpIssuer && !env.FRONTDESK_JWKS_URI)
    authorizerEnv.FRONTDESK_JWKS_URI = `${local.devIdpIssuer}/jwks.json`;
  return authorizerEnv;
}

/** The shared authorizer module, configured exactly as the deployed Lambda is (FRONTDESK_* variables). */
export async function sharedAuthorizer(
  env: Record<string, string | undefined>,
  sink: LogSink,
  onDecision?: (record: DecisionRecord) => void,
): Promise<AuthorizerFunction> {
  const { createAuthorizer, loadAuthorizerConfig, InMemoryReplayStore } = await import('@frontdesk/gateway-core/authorizer');
  const line = (level: string) => (message: string, attributes?: unknown) =>
    sink.write(
      sink.pretty
        ? `\x1b[2mauthorizer\x1b[0m ${level} ${message} ${JSON.stringify(attributes)}`
        : JSON.stringify({ component: 'authorizer', level, message, ...(attributes as object) }),
    );
  return createAuthorizer(loadAuthorizerConfig(env), {
    replayStore: new InMemoryReplayStore(),
    logger: {
      info: (message, record) => {
        onDecision?.(record);
        line('INFO')(message, record);
      },
      warn: (message, record) => {
        onDecision?.(record);
        line('WARN')(message, record);
      },
      error: (message, ...extra) => line('ERROR')(message, { error: String(extra[0]) }),
    },
  }) as AuthorizerFunction;
}
