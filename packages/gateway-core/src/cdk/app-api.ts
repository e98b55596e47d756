import { join } from 'node:path';
import { Duration, Fn, Token, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  CfnAuthorizer,
  type CfnApiMapping,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alias, Architecture, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { parseRouteKey } from '../manifest/route-key.ts';
import { routePolicyStageVariables } from '../manifest/route-policy.ts';
import { isPublicRoute, type AppManifest } from '../manifest/schema.ts';
import type { Stage } from '../stage.ts';
import { ACCESS_LOG_FORMAT } from './access-log-format.ts';
import { authorizerIdentitySources, checkAuthorizerCaching } from '../manifest/authorizer-caching.ts';
import { dpopModeFrom } from '../contract/dpop-mode.ts';
import { appFunctionName, LIVE_ALIAS } from '../contract/names.ts';
import { DpopCachingGuard } from './dpop-caching-guard.ts';
import { sharedParameterNames } from './shared-parameters.ts';
import { acknowledgeFunctionDesign, functionRole } from './function-guardrails.ts';
import { HANDLER_NAME, HANDLER_RUNTIME, handlerCode } from './nodejs-bundling.ts';
import { AppObservability, GradualDeployment, isGradual } from './observability/index.ts';
import { RootGateway, type IRootGateway } from './root-gateway.ts';
import { AppTables } from './resources/app-tables.ts';
import { AppSecrets } from './secrets/index.ts';
import { stageLogRetention, stageRemovalPolicy } from './stage-defaults.ts';

export interface AppApiProps {
  /** The app's validated manifest (`app.config.ts`): routes, scopes, function settings. */
  readonly manifest: AppManifest;
  /** The app's folder; the handler is `manifest.handler` inside it. */
  readonly appDir: string;
  /** The stage to deploy into; names resources and selects the shared layer's SSM parameters. */
  readonly stage: Stage;
  /**
   * The shared layer. Pass one only within the same stack; app stacks use the default.
   * @default - read from the stage's SSM parameters with {@link RootGateway.fromStageParameters}
   */
  readonly gateway?: IRootGateway;
  /**
   * Log retention of the app function's logs.
   * @default - by stage: prod one year, dev one month, previews one week
   */
  readonly logRetention?: RetentionDays;
  /**
   * Removal policy of the function's log group and published versions.
   * @default - `DESTROY` for previews, `RETAIN` for dev and prod
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * One app behind the front desk: its function with a `live` alias, its HTTP API with one route
 * per manifest route, its own authorizer resource pointing at the shared authorizer function,
 * the per-route scopes as stage variables, JSON access logs, default throttling, and the mapping
 * `basePath` on the shared domain when the stage has one.
 *
 * @example
 * new AppApi(stack, 'Api', { manifest, appDir: import.meta.dirname, stage: resolveStage() });
 */
export class AppApi extends Construct {
  public readonly manifest: AppManifest;
  public readonly stage: Stage;
  public readonly function: NodejsFunction;
  /** The `live` alias every route invokes. */
  public readonly liveAlias: Alias;
  public readonly httpApi: HttpApi;
  /** The `$default` stage: auto-deployed, throttled, logged, carrying the route policy. */
  public readonly apiStage: HttpStage;
  /** Absent when every route is public. */
  public readonly authorizer?: HttpLambdaAuthorizer;
  /** One route per manifest route, keyed by the manifest's route key. */
  public readonly routes: ReadonlyMap<string, HttpRoute>;
  /** The mapping on the shared domain, when the gateway may have one. */
  public readonly apiMapping?: ApiMapping;
  /** Where clients call the app: `https://<domain>/<basePath>` when the stage has a domain, else the API's own endpoint. */
  public readonly url: string;
  /** The manifest's secrets, readable by this app's function only. */
  public readonly secrets: AppSecrets;
  /** The manifest's DynamoDB tables, each granted to the function with exactly its declared access. */
  public readonly tables: AppTables;
  /** The app's dashboard and alarms (thresholds from the manifest). */
  public readonly observability: AppObservability;
  /** CodeDeploy shifting `live`, when the manifest asks for a gradual deployment. */
  public readonly gradualDeployment?: GradualDeployment;
  /** The deploy-time rule and condition tying the cache TTL to the stage's DPoP mode (caching apps only). */
  public readonly cachingGuard?: DpopCachingGuard;

  private readonly gateway: IRootGateway;
  private readonly removalPolicy: RemovalPolicy;
  private readonly logRetention: RetentionDays;

  constructor(scope: Construct, id: string, props: AppApiProps) {
    super(scope, id);
    this.manifest = props.manifest;
    this.stage = props.stage;
    this.removalPolicy = props.removalPolicy ?? stageRemovalPolicy(this.stage);
    this.logRetention = props.logRetention ?? stageLogRetention(this.stage);
    this.gateway = props.gateway ?? RootGateway.fromStageParameters(this, 'SharedGateway', { stage: this.stage });

    this.function = this.createFunction(props.appDir);
    // Each deploy publishes a version and points `live` at it: what API Gateway invokes and the rollback target.
    this.liveAlias = new Alias(this, 'LiveAlias', { aliasName: LIVE_ALIAS, version: this.function.currentVersion });
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `frontdesk-${this.stage.name}-${this.manifest.name}`,
      description: `${this.manifest.name} (${this.manifest.owner}) behind Frontdesk, stage ${this.stage.name}`,
      createDefaultStage: false,
    });
    this.apiStage = this.createStage();
    this.authorizer = this.hasProtectedRoutes() ? this.createAuthorizer() : undefined;
    this.routes = this.addRoutes();
    this.cachingGuard = this.guardCaching();
    this.apiMapping = this.mapOnSharedDomain();
    this.url = this.publicUrl();
    this.tables = new AppTables(this, 'Tables', {
      manifest: this.manifest,
      stage: this.stage,
      function: this.function,
      removalPolicy: this.removalPolicy,
    });
    this.secrets = new AppSecrets(this, 'Secrets', {
      manifest: this.manifest,
      stage: this.stage,
      function: this.function,
      appDir: props.appDir,
      removalPolicy: this.removalPolicy,
    });
    this.observability = new AppObservability(this, 'Observability', {
      manifest: this.manifest,
      stage: this.stage,
      function: this.function,
      httpApi: this.httpApi,
    });
    this.gradualDeployment = isGradual(this.manifest.deployment)
      ? new GradualDeployment(this, 'GradualDeployment', {
          appName: this.manifest.name,
          stage: this.stage,
          alias: this.liveAlias,
          settings: this.manifest.deployment,
          alarms: this.observability.alarms,
        })
      : undefined;
  }

  private createFunction(appDir: string): NodejsFunction {
    const functionName = appFunctionName(this.stage, this.manifest.name);
    const entry = join(appDir, this.manifest.handler);
    const settings = this.manifest.function;
    const logGroup = new LogGroup(this, 'FunctionLogs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: this.logRetention,
      removalPolicy: this.removalPolicy,
    });
    const fn = new NodejsFunction(this, 'Function', {
      functionName,
      description: `${this.manifest.name} app (${this.manifest.owner}), stage ${this.stage.name}`,
      code: handlerCode(entry),
      handler: HANDLER_NAME,
      runtime: HANDLER_RUNTIME,
      architecture: settings.architecture === 'arm64' ? Architecture.ARM_64 : Architecture.X86_64,
      memorySize: settings.memoryMb,
      timeout: Duration.seconds(settings.timeoutSeconds),
      // Caps the app (and guarantees it that much of the account's pool); `pnpm dev` throttles at the same number.
      ...(settings.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: settings.reservedConcurrency } : {}),
      environment: { ...this.manifest.environment, FRONTDESK_APP: this.manifest.name, FRONTDESK_STAGE: this.stage.name },
      logGroup,
      role: functionRole(this, 'FunctionRole', logGroup),
      tracing: Tracing.ACTIVE,
      currentVersionOptions: { removalPolicy: this.removalPolicy },
    });
    acknowledgeFunctionDesign(fn);
    return fn;
  }

  /**
   * The `$default` stage carries the route policy as stage variables: the shared authorizer reads
   * each route's scopes from its event, so changing scopes redeploys this app only.
   */
  private createStage(): HttpStage {
    const { rateLimit, burstLimit } = this.manifest.throttle;
    return new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit, burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.gateway.accessLogGroup),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
      stageVariables: routePolicyStageVariables(this.manifest),
    });
  }

  private hasProtectedRoutes(): boolean {
    return Object.values(this.manifest.routes).some((route) => !isPublicRoute(route));
  }

  /** HTTP APIs need one authorizer resource per API; the function behind it is shared by the stage. */
  private createAuthorizer(): HttpLambdaAuthorizer {
    const ttl = this.manifest.authorizer.cacheTtlSeconds;
    return new HttpLambdaAuthorizer('FrontdeskAuthorizer', this.gateway.authorizerFunction, {
      authorizerName: `frontdesk-${this.manifest.name}`,
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: authorizerIdentitySources(ttl),
      resultsCacheTtl: Duration.seconds(ttl),
    });
  }

  /**
   * Caching is allowed only while the stage's DPoP mode is `off` — the mode the shared layer
   * runs with, never the synthesizing shell's. Known now (shared layer in the same app): checked
   * now. Published in SSM (app stacks): checked by CloudFormation at deploy time.
   */
  private guardCaching(): DpopCachingGuard | undefined {
    if (this.authorizer === undefined || this.manifest.authorizer.cacheTtlSeconds === 0) return undefined;
    const dpop = this.gateway.dpop;
    if (!Token.isUnresolved(dpop)) {
      checkAuthorizerCaching(this.manifest, dpopModeFrom(dpop, "the shared layer's dpop"));
      return undefined;
    }
    const [authorizer] = this.node.findAll().filter((child): child is CfnAuthorizer => child instanceof CfnAuthorizer);
    if (authorizer === undefined)
      throw new Error(`app "${this.manifest.name}": no authorizer resource was synthesized for its protected routes`);
    return new DpopCachingGuard(this, 'DpopCachingGuard', {
      manifest: this.manifest,
      dpop,
      parameterName: sharedParameterNames(this.stage).dpopMode,
      authorizer,
    });
  }

  private addRoutes(): Map<string, HttpRoute> {
    const integration = new HttpLambdaIntegration('LiveAliasIntegration', this.liveAlias);
    const routes = new Map<string, HttpRoute>();
    for (const [key, route] of Object.entries(this.manifest.routes)) {
      const parsed = parseRouteKey(key);
      const routeKey =
        parsed.method === undefined || parsed.path === undefined
          ? HttpRouteKey.DEFAULT
          : HttpRouteKey.with(parsed.path, HttpMethod[parsed.method]);
      routes.set(
        key,
        new HttpRoute(this, `Route${routes.size}`, {
          httpApi: this.httpApi,
          routeKey,
          integration,
          // Public routes have no authorizer at all; every other route has the shared one.
          authorizer: isPublicRoute(route) ? undefined : this.authorizer,
        }),
      );
    }
    return routes;
  }

  /**
   * Maps the API at its base path on the shared domain. Whether the stage has a domain is only
   * known at deploy time (SSM), so the mapping carries the gateway's condition.
   */
  private mapOnSharedDomain(): ApiMapping | undefined {
    const domainName = this.gateway.domainName;
    if (!domainName) return undefined;
    const mapping = new ApiMapping(this, 'SharedDomainMapping', {
      api: this.httpApi,
      domainName,
      stage: this.apiStage,
      apiMappingKey: this.manifest.basePath,
    });
    const condition = this.gateway.domainCondition;
    if (condition) (mapping.node.defaultChild as CfnApiMapping).cfnOptions.condition = condition;
    return mapping;
  }

  private publicUrl(): string {
    const endpoint = this.httpApi.apiEndpoint;
    const domainName = this.gateway.domainName;
    if (!domainName) return endpoint;
    const onDomain = `https://${domainName.name}/${this.manifest.basePath}`;
    const condition = this.gateway.domainCondition;
    return condition ? Fn.conditionIf(condition.logicalId, onDomain, endpoint).toString() : onDomain;
  }
}
