import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../manifest/define-app.ts';
import { routePolicyStageVariables, routeStageVariableName } from '../manifest/route-policy.ts';
import type { AppManifestInput } from '../manifest/schema.ts';
import { resolveStage } from '../stage.ts';
import { ACCESS_LOG_FORMAT } from './access-log-format.ts';
import { AppStack } from './app-stack.ts';
import type { DpopMode } from './dpop-mode.ts';
import { sharedParameterNames } from './shared-parameters.ts';

/** Any folder with the handler path works once bundling is skipped; the real bundle is proven in apps/users. */
const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

const catalog: AppManifestInput = {
  name: 'catalog',
  owner: 'team-catalog',
  basePath: 'shop/catalog',
  handler: 'src/authorizer/handler.ts',
  routes: {
    'GET /items': { scopes: ['catalog:read'] },
    'GET /items/{id}': { scopes: ['catalog:read'] },
    'POST /items': { scopes: ['catalog:write', 'catalog:admin'] },
    'ANY /files/{proxy+}': { scopes: [] },
    'GET /health': { auth: 'public', reason: 'Uptime probes call it without credentials.' },
  },
  function: { memoryMb: 512, timeoutSeconds: 12, architecture: 'x86_64' },
  environment: { CATALOG_CURRENCY: 'EUR' },
  throttle: { rateLimit: 50, burstLimit: 75 },
};

function synth(input: AppManifestInput = catalog, options: { stage?: string; dpop?: DpopMode } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stage = resolveStage(options.stage ?? 'dev');
  const stack = new AppStack(app, 'Catalog', { manifest: defineApp(input), appDir: APP_DIR, stage, dpop: options.dpop ?? 'optional' });
  return { stack, template: Template.fromStack(stack) };
}

/** The logical id of the SSM-backed CloudFormation parameter that reads `name`. */
function ssmParameterFor(template: Template, name: string): string {
  const [id] = Object.entries(template.toJSON().Parameters as Record<string, { Default?: string }>).find(([, p]) => p.Default === name) ?? [];
  if (!id) throw new Error(`no template parameter reads SSM parameter ${name}`);
  return id;
}

function routesByKey(template: Template): Record<string, { AuthorizationType?: string; AuthorizerId?: unknown }> {
  const routes = template.findResources('AWS::ApiGatewayV2::Route');
  return Object.fromEntries(Object.values(routes).map((route) => [route.Properties.RouteKey as string, route.Properties]));
}

describe('AppApi', () => {
  const { stack, template } = synth();
  const names = sharedParameterNames(resolveStage('dev'));
  const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];

  it('names the stack after the stage and the app', () => {
    expect(stack.stackName).toBe('frontdesk-dev-app-catalog');
    expect(synth(catalog, { stage: 'pr-7' }).stack.stackName).toBe('frontdesk-pr-7-app-catalog');
  });

  it('creates one route per manifest route: protected ones carry the authorizer, public ones none', () => {
    const routes = routesByKey(template);
    expect(Object.keys(routes).sort()).toEqual(Object.keys(catalog.routes).sort());
    for (const key of ['GET /items', 'GET /items/{id}', 'POST /items', 'ANY /files/{proxy+}']) {
      expect(routes[key], key).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    }
    expect(routes['GET /health']?.AuthorizationType).toBe('NONE');
    expect(routes['GET /health']?.AuthorizerId).toBeUndefined();
  });

  it('points one simple-response, payload 2.0 authorizer at the shared function read from SSM', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const functionArn = ssmParameterFor(template, names.authorizerFunctionArn);
    template.hasParameter(functionArn, { Type: 'AWS::SSM::Parameter::Value<String>' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([{ Ref: functionArn }])] },
    });
  });

  it('lets API Gateway invoke the shared authorizer (the permission an imported function needs)', () => {
    const functionArn = ssmParameterFor(template, names.authorizerFunctionArn);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: functionArn },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: authorizerId }])] },
    });
  });

  it('never imports a CloudFormation export', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
  });

  it('runs the handler on nodejs22.x with the manifest settings, invoked through the live alias', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      MemorySize: 512,
      Timeout: 12,
      Environment: { Variables: { CATALOG_CURRENCY: 'EUR', FRONTDESK_APP: 'catalog', FRONTDESK_STAGE: 'dev' } },
    });
    template.resourceCountIs('AWS::Lambda::Version', 1);
    const [aliasId] = Object.keys(template.findResources('AWS::Lambda::Alias', { Properties: { Name: 'live' } }));
    expect(aliasId).toBeDefined();
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { Ref: aliasId },
    });
  });

  it('auto-deploys the $default stage with throttling, JSON access logs to the shared log group, and the route policy', () => {
    const logGroupArn = ssmParameterFor(template, names.accessLogGroupArn);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 75 },
      AccessLogSettings: {
        Format: ACCESS_LOG_FORMAT,
        DestinationArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logGroupArn }])] },
      },
      StageVariables: routePolicyStageVariables(defineApp(catalog)),
    });
    const variables = template.findResources('AWS::ApiGatewayV2::Stage');
    const stageVariables = Object.values(variables)[0]?.Properties.StageVariables as Record<string, string>;
    expect(stageVariables[routeStageVariableName('POST /items')]).toBe('scopes:catalog:write,catalog:admin');
    expect(stageVariables.frontdesk_base_path).toBe('shop/catalog');
    expect(stageVariables[routeStageVariableName('GET /health')]).toBeUndefined();
  });

  it('keeps its function logs in an explicit log group with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/frontdesk-dev-catalog', RetentionInDays: 30 });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  it('maps the API at its base path on the shared domain, only when the stage publishes one', () => {
    const domain = ssmParameterFor(template, names.domainName);
    const mappings = Object.values(template.findResources('AWS::ApiGatewayV2::ApiMapping'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({ ApiMappingKey: 'shop/catalog', DomainName: { Ref: domain }, Stage: '$default' });
    const conditionId = mappings[0]?.Condition as string;
    expect(template.toJSON().Conditions[conditionId]).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: domain }, 'none'] }] });
    template.hasOutput('Url', { Value: { 'Fn::If': [conditionId, Match.anyValue(), { 'Fn::GetAtt': Match.anyValue() }] } });
  });

  it('makes preview stages destroyable', () => {
    const preview = synth(catalog, { stage: 'pr-12' }).template;
    preview.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 7 } });
    preview.hasResource('AWS::Lambda::Version', { DeletionPolicy: 'Delete' });
  });

  it('creates no authorizer for an app whose routes are all public', () => {
    const { template: open } = synth({ ...catalog, routes: { 'GET /status': { auth: 'public', reason: 'Status page for everyone.' } } });
    open.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    open.resourceCountIs('AWS::Lambda::Permission', 1);
    expect(JSON.stringify(open.toJSON())).not.toContain(names.authorizerFunctionArn);
  });
});

describe('AppApi authorizer caching (route- and proof-safe)', () => {
  const cached: AppManifestInput = { ...catalog, authorizer: { cacheTtlSeconds: 300 } };

  it('adds $context.routeKey to the identity sources when the cache TTL is above 0 (DPoP off)', () => {
    const { template } = synth(cached, { dpop: 'off' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      AuthorizerResultTtlInSeconds: 300,
    });
  });

  it.each(['optional', 'required'] as const)('refuses to synthesize a cache TTL above 0 while DPoP is %s', (dpop) => {
    expect(() => synth(cached, { dpop })).toThrow(
      new RegExp(`app "catalog": authorizer.cacheTtlSeconds is 300 but DPoP is "${dpop}".*set authorizer.cacheTtlSeconds to 0.*FRONTDESK_DPOP=off`),
    );
  });

  it('reads the DPoP mode from FRONTDESK_DPOP when no prop is given, and names the variable when it is invalid', () => {
    const build = () => new AppStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Catalog', { manifest: defineApp(cached), appDir: APP_DIR, stage: resolveStage('dev') });
    const saved = process.env.FRONTDESK_DPOP;
    try {
      process.env.FRONTDESK_DPOP = 'off';
      expect(build().api.dpop).toBe('off');
      delete process.env.FRONTDESK_DPOP;
      expect(build).toThrow(/DPoP is "optional"/);
      process.env.FRONTDESK_DPOP = 'sometimes';
      expect(build).toThrow('FRONTDESK_DPOP="sometimes" is not a DPoP mode: use one of "off", "optional", "required"');
    } finally {
      if (saved === undefined) delete process.env.FRONTDESK_DPOP;
      else process.env.FRONTDESK_DPOP = saved;
    }
  });
});
