import { join } from 'node:path';
import { resolveStage } from '@frontdesk/gateway-core';
import { dpopModeFrom } from '@frontdesk/gateway-core/contract';
import { buildRuntimeFile } from './functions/runtime-file.ts';
import { poolSettingsFrom } from './functions/pool-settings.ts';
import type { PoolSettings } from './functions/worker-pool.ts';
import type { LocalFunction } from './functions/local-function.ts';
import type { AuthorizerFunction } from './gateway/authorize.ts';
import { checkPath } from './gateway/check-path.ts';
import { handleRequest } from './gateway/handle-request.ts';
import { createGatewayServer, type Intercept } from './gateway/http-server.ts';
import type { GatewayRequest, GatewayResponse } from './gateway/request.ts';
import { loadDevClients } from './idp/clients.ts';
import { createDevIdp } from './idp/dev-idp.ts';
import { AS_METADATA_PATH } from './idp/metadata.ts';
import { loadOrCreateKey, type KeyPair } from './idp/keys.ts';
import { DEFAULT_AUDIENCE, DEFAULT_LAMBDA_PORT, DEFAULT_PORT, IDP_PREFIX, devIssuer, stateDir } from './idp/paths.ts';
import { declaredScopes } from './idp/scope-policy.ts';
import { createLambdaApiServer } from './lambda-api/lambda-api-server.ts';
import { DPOP_KEY } from './cli/dev-token.ts';
import { CONSOLE_PREFIX, createConsoleServer, type ConsoleServer } from './console/console-server.ts';
import { consoleSettings } from './console/console-settings.ts';
import { recordRequest } from './console/record-request.ts';
import { RequestLog } from './console/request-log.ts';
import type { DecisionRecord } from '@frontdesk/gateway-core/authorizer';
import { authorizerEnvironment, sharedAuthorizer } from './authorizer/shared-authorizer.ts';
import { hostPolicy } from './security/allowed-hosts.ts';
import { guardGateway } from './security/guard-gateway.ts';
import { printAppLines, printAppLogs, stdoutSink, type LogSink } from './logs/print-app-logs.ts';
import { DevWorkspace, type WorkspaceEvent } from './workspace/dev-workspace.ts';
import { LocalResources } from './resources/local-resources.ts';
import { closeServer, listenOnLoopback } from './net/loopback.ts';

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
  /**
   * Serve the dev console at `/_frontdesk/console/` and record requests for it.
   * @default FRONTDESK_CONSOLE, else on
   */
  readonly console?: boolean;
  /**
   * Keep local DynamoDB data in `.frontdesk/dynamodb/` across restarts; `false` keeps it in memory
   * (a second server beside a running `pnpm dev`, which holds that folder's lock).
   * @default true
   */
  readonly persistData?: boolean;
  /**
   * Workers per function version (one request each at a time) and how long an idle one lives.
   * @default FRONTDESK_MAX_WORKERS or 10, FRONTDESK_WORKER_IDLE_SECONDS or 300
   */
  readonly pool?: Partial<PoolSettings>;
}

export interface DevServer {
  readonly url: string;
  readonly lambdaUrl: string;
  /** The issuer the authorizer trusts (the dev IdP's unless configured otherwise). */
  readonly issuer: string;
  readonly audience: string;
  readonly devIdpIssuer: string;
  readonly stage: string;
  /** The dev console's page, when it is on. */
  readonly consoleUrl: string | undefined;
  /** What the console shows: the latest requests (when it is on). */
  readonly requestLog: RequestLog | undefined;
  readonly workspace: DevWorkspace;
  /** Declared resources served locally (the local DynamoDB, when an app declares tables). */
  readonly resources: LocalResources;
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
  const settings = consoleSettings(env, options.console);
  const requestLog = settings.enabled ? new RequestLog({ capacity: settings.capacity }) : undefined;
  let consoleServer: ConsoleServer | undefined;
  // The mode the in-process authorizer runs with decides whether caching apps may load; a bad
  // value fails here, before any port is bound.
  const dpop = dpopModeFrom(env.FRONTDESK_DPOP, 'FRONTDESK_DPOP');
  const pool = poolSettingsFrom(env, options.pool);

  // The port is bound first (its number names the dev issuer); requests that arrive while the
  // apps load wait for them instead of seeing a half-started gateway.
  let startedUp: (serve: (request: GatewayRequest) => Promise<GatewayResponse>) => void = () => undefined;
  const started = new Promise<(request: GatewayRequest) => Promise<GatewayResponse>>((resolve) => (startedUp = resolve));
  // Every local port answers loopback Host names (and FRONTDESK_ALLOWED_HOSTS) only: DNS rebinding.
  const hosts = hostPolicy(env);
  // The console's requests leave the data path at the edge: they are not API calls, and its event stream is long-lived.
  const intercept: Intercept | undefined = requestLog
    ? (req, res) => {
        const url = req.url ?? '/';
        if (url !== CONSOLE_PREFIX && !url.startsWith(`${CONSOLE_PREFIX}/`) && !url.startsWith(`${CONSOLE_PREFIX}?`)) return false;
        void started.then(() => consoleServer?.handle(req, res));
        return true;
      }
    : undefined;
  const gateway = createGatewayServer(
    guardGateway(hosts, async (request) => (await started)(request)),
    intercept,
    (rejected) =>
      onEvent({
        level: 'warning',
        message: `${rejected.method} ${rejected.path} → ${rejected.statusCode}: ${rejected.reason} (request ${rejected.requestId})`,
      }),
  );
  const port = await listenOnLoopback(gateway, options.port ?? portFrom(env, 'FRONTDESK_PORT', DEFAULT_PORT));
  const origin = env.FRONTDESK_PUBLIC_URL?.replace(/\/$/, '') ?? `http://127.0.0.1:${port}`;
  const devIdpIssuer = devIssuer(`http://127.0.0.1:${port}`);

  const authorizerEnv = authorizerEnvironment(env, { devIdpIssuer, origin, stage });
  const audience = String(authorizerEnv.FRONTDESK_AUDIENCE).split(',')[0]?.trim() ?? DEFAULT_AUDIENCE;

  // Independent start-up work runs concurrently: the authorizer module, the IdP key, the worker runtime, the apps.
  const onDecision = requestLog ? (record: DecisionRecord) => requestLog.addDecision(record) : undefined;
  const authorizerReady = options.authorize ? Promise.resolve(options.authorize) : sharedAuthorizer(authorizerEnv, sink, onDecision);
  const authorize: AuthorizerFunction = async (event) => (await authorizerReady)(event);
  const runtimeFile = buildRuntimeFile(join(stateDir(options.root), 'cache'));
  let resources: LocalResources;
  try {
    resources = new LocalResources({
      root: options.root,
      stage,
      env,
      onInfo: (message) => onEvent({ level: 'info', message }),
      ...(options.persistData === undefined ? {} : { persist: options.persistData }),
    });
  } catch (error) {
    await closeServer(gateway);
    throw error;
  }
  const [key, workspace] = await Promise.all([
    loadOrCreateKey(options.root, 'idp/signing-key'),
    DevWorkspace.open({
      root: options.root,
      stage,
      runtimeFile,
      authorize,
      dpop,
      pool,
      onEvent,
      resourceEnvironment: (manifest) => resources.environmentFor(manifest),
      onOutput: (app, stdout, stderr) => {
        printAppLogs(app, stdout, sink);
        printAppLogs(app, stderr, sink);
      },
      // Workers post what they write (whole lines): printed here, and joined to its request for the console.
      onLog: (app, requestId, stream, text) => {
        printAppLines(app, text, sink);
        if (requestLog && requestId !== undefined) recordLines(requestLog, requestId, stream, text);
      },
      ...(options.watch !== undefined ? { watch: options.watch } : {}),
    }),
    authorizerReady,
  ]).catch(async (error: unknown) => {
    await Promise.all([closeServer(gateway), resources.close()]);
    throw error;
  });
  const idp = createDevIdp({
    origin: `http://127.0.0.1:${port}`,
    key,
    audience,
    clients: () => loadDevClients(options.root),
    declaredScopes: () => declaredScopes([...workspace.apps.values()].map((app) => app.api.manifest)),
  });

  // The dev IdP answers only paths the data path's first step (checkPath) would let through.
  const serve = async (request: GatewayRequest): Promise<GatewayResponse> =>
    ((request.path.startsWith(IDP_PREFIX) || request.path === AS_METADATA_PATH) && checkPath(request) === undefined
      ? await idp(request)
      : undefined) ??
    handleRequest(
      request,
      () => workspace.mappings,
      (report) => {
        if (report.result && !report.result.ok) {
          onEvent({
            level: 'error',
            app: report.app ?? '',
            message: `${report.routeKey}: ${report.result.error.errorType}: ${report.result.error.errorMessage}`,
          });
        }
        // The gateway's own refusals print a line: 403s are audited by the authorizer itself, a 401
        // never reaches it, and a 500 from it is its failure.
        const refused = report.authorization && !report.authorization.allowed ? refusal(report.response.statusCode) : undefined;
        if (refused) {
          onEvent({
            level: report.response.statusCode >= 500 ? 'error' : 'warning',
            app: report.app ?? '',
            message: `${report.request.method} ${report.request.path} (${report.routeKey}) → ${report.response.statusCode}: ${refused} (request ${report.request.requestId})`,
          });
        }
        // Recording is for the console: whatever happens there must not change the answer.
        try {
          requestLog?.add(recordRequest(report));
        } catch (error) {
          onEvent({
            level: 'warning',
            message: `dev console: request ${report.request.requestId} not recorded: ${(error as Error).message}`,
          });
        }
      },
    );

  const functions = (): ReadonlyMap<string, LocalFunction> => new Map([...workspace.apps.values()].map((app) => [app.fn.name, app.fn]));
  const lambdaApi = createLambdaApiServer(functions, hosts);
  let lambdaPort: number;
  try {
    lambdaPort = await listenOnLoopback(lambdaApi, options.lambdaPort ?? portFrom(env, 'FRONTDESK_LAMBDA_PORT', DEFAULT_LAMBDA_PORT));
  } catch (error) {
    await Promise.all([closeServer(gateway), workspace.close()]);
    await resources.close();
    throw error;
  }
  if (requestLog) {
    let dpopKey: Promise<KeyPair> | undefined;
    consoleServer = createConsoleServer({
      log: requestLog,
      apps: () => workspace.apps.values(),
      hosts,
      info: {
        stage,
        gatewayUrl: `http://127.0.0.1:${port}`,
        publicUrl: origin,
        issuer: String(authorizerEnv.FRONTDESK_ISSUER),
        devIdpIssuer,
        audience,
      },
      signingKey: key,
      dpopKey: () => (dpopKey ??= loadOrCreateKey(options.root, DPOP_KEY)),
    });
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
    consoleUrl: consoleServer ? `http://127.0.0.1:${port}${CONSOLE_PREFIX}/` : undefined,
    requestLog,
    workspace,
    resources,
    async close() {
      consoleServer?.close();
      await Promise.all([closeServer(gateway), closeServer(lambdaApi), workspace.close()]);
      // Workers are gone: nothing holds a connection to the local DynamoDB any more.
      await resources.close();
    },
  };
}

/** An invocation's output, one console log line per line written. */
function recordLines(log: RequestLog, requestId: string, stream: 'stdout' | 'stderr', text: string): void {
  const time = Date.now();
  for (const line of text.split('\n')) if (line !== '') log.addLog(requestId, { time, stream, text: line });
}

/** A port from the environment; 0 asks for any free port. */
function portFrom(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`${name}="${text}" is not a port number (0-65535; 0 picks a free port)`);
  return port;
}

/** Why the gateway answered by itself after the authorizer step, for the line pnpm dev prints. */
function refusal(statusCode: number): string | undefined {
  if (statusCode === 401) return 'no Authorization header: answered without invoking the authorizer';
  if (statusCode === 500) return 'the authorizer threw, timed out or answered without a boolean isAuthorized';
  return undefined;
}
