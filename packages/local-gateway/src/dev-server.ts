import { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { resolveStage } from '@frontdesk/gateway-core';
import { buildRuntimeFile } from './functions/runtime-file.ts';
import type { LocalFunction } from './functions/local-function.ts';
import type { AuthorizerFunction } from './gateway/authorize.ts';
import { checkPath } from './gateway/check-path.ts';
import { handleRequest } from './gateway/handle-request.ts';
import { createGatewayServer } from './gateway/http-server.ts';
import type { GatewayRequest, GatewayResponse } from './gateway/request.ts';
import { loadDevClients } from './idp/clients.ts';
import { createDevIdp } from './idp/dev-idp.ts';
import { loadOrCreateKey } from './idp/keys.ts';
import { DEFAULT_AUDIENCE, DEFAULT_LAMBDA_PORT, DEFAULT_PORT, IDP_PREFIX, devIssuer, stateDir } from './idp/paths.ts';
import { declaredScopes } from './idp/scope-policy.ts';
import { createLambdaApiServer } from './lambda-api/lambda-api-server.ts';
import { hostPolicy } from './security/allowed-hosts.ts';
import { guardGateway } from './security/guard-gateway.ts';
import { printAppLogs, stdoutSink, type LogSink } from './logs/print-app-logs.ts';
import { DevWorkspace, type WorkspaceEvent } from './workspace/dev-workspace.ts';

export interface DevServerOptions {
  /** The workspace root (holds `apps/` and `.frontdesk/`). */
  readonly root: string;
  /** @default FRONTDESK_PORT or 3000; 0 picks a free port */
  readonly port?: number;
  /** @default FRONTDESK_LAMBDA_PORT or 3001; 0 picks a free port */
  readonly lambdaPort?: number;
  /** `FRONTDESK_*` configuration. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the shared authorizer (tests that need a stand-in). */
  readonly authorize?: AuthorizerFunction;
  readonly onEvent?: (event: WorkspaceEvent) => void;
  /** Where app log lines and authorizer audit lines go. @default stdout */
  readonly logSink?: LogSink;
  /** Reload apps on file changes. @default true */
  readonly watch?: boolean;
  /**
   * Start every app's worker right after start-up (one at a time, in the background) instead of
   * on its first request. Off by default: an app's first request pays its import, as a Lambda
   * cold start does, and start-up and memory stay small with many apps. @default false
   */
  readonly warm?: boolean;
}

export interface DevServer {
  readonly url: string;
  readonly lambdaUrl: string;
  /** The issuer the authorizer trusts (the dev IdP's unless configured otherwise). */
  readonly issuer: string;
  readonly audience: string;
  readonly devIdpIssuer: string;
  readonly stage: string;
  readonly workspace: DevWorkspace;
  close(): Promise<void>;
}

/**
 * Starts `pnpm dev`: the gateway (apps under their base paths, the dev identity provider under
 * `/_frontdesk/idp`) and the Lambda API, both on 127.0.0.1.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const env = options.env ?? process.env;
  const sink = options.logSink ?? stdoutSink();
  const onEvent = options.onEvent ?? (() => undefined);
  const stage = resolveStage(env.STAGE).name;

  // The port is bound first (its number names the dev issuer); requests that arrive while the
  // apps load wait for them instead of seeing a half-started gateway.
  let startedUp: (serve: (request: GatewayRequest) => Promise<GatewayResponse>) => void = () => undefined;
  const started = new Promise<(request: GatewayRequest) => Promise<GatewayResponse>>((resolve) => (startedUp = resolve));
  // Every local port answers loopback Host names (and FRONTDESK_ALLOWED_HOSTS) only: DNS rebinding.
  const hosts = hostPolicy(env);
  const gateway = createGatewayServer(guardGateway(hosts, async (request) => (await started)(request)));
  const port = await listen(gateway, options.port ?? portFrom(env, 'FRONTDESK_PORT', DEFAULT_PORT));
  const origin = env.FRONTDESK_PUBLIC_URL?.replace(/\/$/, '') ?? `http://127.0.0.1:${port}`;
  const devIdpIssuer = devIssuer(`http://127.0.0.1:${port}`);

  const authorizerEnv: Record<string, string | undefined> = {
    FRONTDESK_ISSUER: devIdpIssuer,
    FRONTDESK_AUDIENCE: DEFAULT_AUDIENCE,
    FRONTDESK_PUBLIC_URL: origin,
    FRONTDESK_STAGE: stage,
    ...Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('FRONTDESK_'))),
  };
  // The dev IdP's keys are read straight from its JWKS; another issuer is found through discovery.
  if (authorizerEnv.FRONTDESK_ISSUER === devIdpIssuer && !env.FRONTDESK_JWKS_URI) authorizerEnv.FRONTDESK_JWKS_URI = `${devIdpIssuer}/jwks.json`;
  const audience = String(authorizerEnv.FRONTDESK_AUDIENCE).split(',')[0]?.trim() ?? DEFAULT_AUDIENCE;

  // Independent start-up work runs concurrently: the authorizer module, the IdP key, the worker runtime, the apps.
  const authorizerReady = options.authorize ? Promise.resolve(options.authorize) : sharedAuthorizer(authorizerEnv, sink);
  const authorize: AuthorizerFunction = async (event) => (await authorizerReady)(event);
  const runtimeFile = buildRuntimeFile(join(stateDir(options.root), 'cache'));
  const [key, workspace] = await Promise.all([
    loadOrCreateKey(options.root, 'idp/signing-key'),
    DevWorkspace.open({
      root: options.root,
      stage,
      runtimeFile,
      authorize,
      onEvent,
      onOutput: (app, stdout, stderr) => {
        printAppLogs(app, stdout, sink);
        printAppLogs(app, stderr, sink);
      },
      ...(options.watch !== undefined ? { watch: options.watch } : {}),
    }),
    authorizerReady,
  ]).catch(async (error: unknown) => {
    await close(gateway);
    throw error;
  });
  const idp = createDevIdp({ origin: `http://127.0.0.1:${port}`, key, audience, clients: () => loadDevClients(options.root),
    declaredScopes: () => declaredScopes([...workspace.apps.values()].map((app) => app.api.manifest)),
  });

  // The dev IdP answers only paths the data path's first step (checkPath) would let through.
  const serve = async (request: GatewayRequest): Promise<GatewayResponse> =>
    (request.path.startsWith(IDP_PREFIX) && checkPath(request) === undefined ? await idp(request) : undefined) ??
    handleRequest(request, () => workspace.mappings, (report) => {
      if (report.error) {
        onEvent({ level: 'error', app: report.app ?? '', message: `${report.routeKey}: ${report.error.error.errorType}: ${report.error.error.errorMessage}` });
      }
    });

  const functions = (): ReadonlyMap<string, LocalFunction> => new Map([...workspace.apps.values()].map((app) => [app.fn.name, app.fn]));
  const lambdaApi = createLambdaApiServer(functions, hosts);
  let lambdaPort: number;
  try {
    lambdaPort = await listen(lambdaApi, options.lambdaPort ?? portFrom(env, 'FRONTDESK_LAMBDA_PORT', DEFAULT_LAMBDA_PORT));
  } catch (error) {
    await Promise.all([close(gateway), workspace.close()]);
    throw error;
  }
  startedUp(serve);
  if (options.warm === true) workspace.warm();

  return {
    url: `http://127.0.0.1:${port}`,
    lambdaUrl: `http://127.0.0.1:${lambdaPort}`,
    issuer: String(authorizerEnv.FRONTDESK_ISSUER),
    audience,
    devIdpIssuer,
    stage,
    workspace,
    async close() {
      await Promise.all([close(gateway), close(lambdaApi), workspace.close()]);
    },
  };
}

/** The shared authorizer module, configured exactly as the deployed Lambda is (FRONTDESK_* variables). */
async function sharedAuthorizer(env: Record<string, string | undefined>, sink: LogSink): Promise<AuthorizerFunction> {
  const { createAuthorizer, loadAuthorizerConfig, InMemoryReplayStore } = await import('@frontdesk/gateway-core/authorizer');
  const line = (level: string) => (message: string, attributes?: unknown) =>
    sink.write(sink.pretty ? `\x1b[2mauthorizer\x1b[0m ${level} ${message} ${JSON.stringify(attributes)}` : JSON.stringify({ component: 'authorizer', level, message, ...(attributes as object) }));
  return createAuthorizer(loadAuthorizerConfig(env), {
    replayStore: new InMemoryReplayStore(),
    logger: { info: line('INFO'), warn: line('WARN'), error: (message, ...extra) => line('ERROR')(message, { error: String(extra[0]) }) },
  }) as AuthorizerFunction;
}

/** A port from the environment; 0 asks for any free port. */
function portFrom(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name}="${text}" is not a port number (0-65535; 0 picks a free port)`);
  return port;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
