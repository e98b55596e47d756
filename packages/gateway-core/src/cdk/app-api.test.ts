import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defineApp } from '../manifest/define-app.ts';
import { routePolicyStageVariables, routeStageVariableName } from '../manifest/route-policy.ts';
import type { AppManifestInput } from '../manifest/schema.ts';
import { resolveStage } from '../stage.ts';
import { ACCESS_LOG_FORMAT } from './access-log-format.ts';
import { AppStack } from './app-stack.ts';
import { AppApi } from './app-api.ts';
import { RootGateway } from './root-gateway.ts';
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

function synth(input: AppManifestInput = catalog, options: { stage?: string } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stage = resolveStage(options.stage ?? 'dev');
  const stack = new AppStack(app, 'Catalog', { api: { manifest: defineApp(input), appDir: APP_DIR, stage } });
  return { stack, template: Template.fromStack(stack) };
}

/** The logical id of the SSM-backed CloudFormation parameter that reads `name`. */
function ssmParameterFor(template: Template, name: string): string {
  const [id] =
    Object.entries(template.toJSON().Parameters as Record<string, { Default?: string }>).find(([, p]) => p.Default === name) ?? [];
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

  // Built from the deterministic name in the deploying account and region: nothing written to
  // /frontdesk/<stage>/authorizer/function-arn can redirect an app's authorization.
  const functionArn = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':lambda:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        ':function:frontdesk-dev-authorizer',
      ],
    ],
  };

  it('points one simple-response, payload 2.0 authorizer at the shared function, by its deterministic name', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    expect(JSON.stringify(template.toJSON())).not.toContain(names.authorizerFunctionArn);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 0,
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([':function:frontdesk-dev-authorizer/invocations'])] },
    });
  });

  it('lets API Gateway invoke the shared authorizer (the permission an imported function needs)', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: functionArn,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: authorizerId }])] },
    });
  });

  it("deploys the manifest's reservedConcurrency as the function's reserved concurrency (pnpm dev throttles at the same number)", () => {
    const reserved = synth({ ...catalog, function: { ...catalog.function, reservedConcurrency: 7 } }).template;
    reserved.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', ReservedConcurrentExecutions: 7 });
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
    // No reservedConcurrency in the manifest: the function draws on the account's unreserved pool.
    expect(JSON.stringify(template.findResources('AWS::Lambda::Function'))).not.toContain('ReservedConcurrentExecutions');
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

describe('AppApi authorizer caching vs the stage’s DPoP mode (decided at deploy time, from SSM)', () => {
  const cached: AppManifestInput = { ...catalog, authorizer: { cacheTtlSeconds: 300 } };
  const dpopName = sharedParameterNames(resolveStage('dev')).dpopMode;

  /** Template rules other than CDK's own bootstrap-version check. */
  const guardRules = (json: { Rules?: Record<string, unknown> }) =>
    Object.fromEntries(Object.entries(json.Rules ?? {}).filter(([id]) => id !== 'CheckBootstrapVersion'));

  function synthWithShell(input: AppManifestInput, FRONTDESK_DPOP: string | undefined) {
    const saved = process.env.FRONTDESK_DPOP;
    try {
      if (FRONTDESK_DPOP === undefined) delete process.env.FRONTDESK_DPOP;
      else process.env.FRONTDESK_DPOP = FRONTDESK_DPOP;
      return synth(input).template.toJSON();
    } finally {
      if (saved === undefined) delete process.env.FRONTDESK_DPOP;
      else process.env.FRONTDESK_DPOP = saved;
    }
  }

  it('reads the DPoP mode through an SSM-typed parameter pinned to the stage’s own parameter name', () => {
    const { template } = synth(cached);
    const dpop = ssmParameterFor(template, dpopName);
    template.hasParameter(dpop, { Type: 'AWS::SSM::Parameter::Value<String>', Default: dpopName, AllowedValues: [dpopName] });
  });

  it('fails the deploy with a CloudFormation Rule when the TTL is above 0 and the stage’s DPoP is not off', () => {
    const { template } = synth(cached);
    const dpop = ssmParameterFor(template, dpopName);
    const rules = guardRules(template.toJSON()) as Record<
      string,
      { RuleCondition?: unknown; Assertions: { Assert: unknown; AssertDescription: string }[] }
    >;
    const [rule] = Object.values(rules);
    expect(Object.keys(rules)).toHaveLength(1);
    expect(rule?.RuleCondition).toBeUndefined();
    expect(rule?.Assertions).toEqual([
      {
        Assert: { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: dpop }, 'off'] }, { 'Fn::Equals': [{ Ref: dpop }, dpopName] }] },
        AssertDescription: expect.stringMatching(
          /app "catalog": authorizer.cacheTtlSeconds is 300 but the stage's DPoP mode \(SSM \/frontdesk\/dev\/authorizer\/dpop\) is not "off".*cacheTtlSeconds to 0/,
        ),
      },
    ]);
  });

  it('also caches only under a condition on the same parameter: TTL 300 when DPoP is off, 0 otherwise', () => {
    const { template } = synth(cached);
    const dpop = ssmParameterFor(template, dpopName);
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    const ttl = authorizer?.Properties.AuthorizerResultTtlInSeconds as { 'Fn::If': [string, number, number] };
    expect(ttl['Fn::If'].slice(1)).toEqual([300, 0]);
    expect(template.toJSON().Conditions[ttl['Fn::If'][0]]).toEqual({ 'Fn::Equals': [{ Ref: dpop }, 'off'] });
    expect(authorizer?.Properties.IdentitySource).toEqual(['$request.header.Authorization', '$context.routeKey']);
  });

  it('synthesizes the same template whatever FRONTDESK_DPOP the synthesizing shell has', () => {
    const unset = synthWithShell(cached, undefined);
    expect(synthWithShell(cached, 'off')).toEqual(unset);
    expect(synthWithShell(cached, 'required')).toEqual(unset);
    expect(synthWithShell(cached, 'not-a-mode')).toEqual(unset);
  });

  it('adds neither rule nor condition when nothing is cached', () => {
    const json = synth(catalog).template.toJSON();
    expect(guardRules(json)).toEqual({});
    expect(Object.keys(json.Conditions ?? {}).filter((id) => id.includes('DpopOff'))).toEqual([]);
    expect(
      Object.values(synth(catalog).template.findResources('AWS::ApiGatewayV2::Authorizer'))[0]?.Properties.AuthorizerResultTtlInSeconds,
    ).toBe(0);
  });

  it('refuses at synth time when the gateway is in the same app and its DPoP mode is known', () => {
    const build = (dpop: 'off' | 'optional' | 'required') => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new Stack(app, 'Together');
      const gateway = new RootGateway(stack, 'Gateway', {
        stage: resolveStage('dev'),
        issuer: 'https://login.example.com/',
        audience: ['api'],
        dpop,
      });
      return new AppApi(stack, 'Catalog', { manifest: defineApp(cached), appDir: APP_DIR, stage: resolveStage('dev'), gateway });
    };
    expect(() => build('optional')).toThrow(
      /app "catalog": authorizer.cacheTtlSeconds is 300 but the stage's DPoP mode is "optional".*set authorizer.cacheTtlSeconds to 0/,
    );
    expect(() => build('required')).toThrow(/DPoP mode is "required"/);
    const together = Template.fromStack(Stack.of(build('off')));
    together.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerResultTtlInSeconds: 300 });
    expect(guardRules(together.toJSON())).toEqual({});
  });
});
