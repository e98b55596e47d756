import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '../stage.ts';
import { RootGateway, type RootGatewayProps } from './root-gateway.ts';
import { NO_DOMAIN, sharedParameterNames } from './shared-parameters.ts';

const BASE: Omit<RootGatewayProps, 'stage'> = {
  issuer: 'https://login.example.com/',
  audience: ['https://api.example.com', 'orders-cli'],
};

function synth(props: Partial<RootGatewayProps> & { stageName?: string } = {}) {
  const { stageName = 'dev', ...rest } = props;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Shared');
  const gateway = new RootGateway(stack, 'Gateway', { ...BASE, stage: resolveStage(stageName), ...rest });
  return { gateway, template: Template.fromStack(stack) };
}

function parameterValues(template: Template): Record<string, unknown> {
  const parameters = Object.values(template.findResources('AWS::SSM::Parameter'));
  return Object.fromEntries(parameters.map((p) => [p.Properties.Name as string, p.Properties.Value]));
}

/** Every IAM statement (inline or managed-policy resources) that mentions a DynamoDB action. */
function dynamoDbStatements(template: Template): Array<{ Action: unknown; Effect: string; Resource: unknown }> {
  const policies = [
    ...Object.values(template.findResources('AWS::IAM::Policy')),
    ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')),
  ];
  const roles = Object.values(template.findResources('AWS::IAM::Role')).flatMap((role) => role.Properties.Policies ?? []);
  return [...policies.map((policy) => policy.Properties), ...roles]
    .flatMap((policy) => policy.PolicyDocument.Statement)
    .filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:'));
}

describe('RootGateway', () => {
  const { template } = synth();

  it('runs the authorizer on Node.js 22.x, arm64, configured only through FRONTDESK_* variables', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'frontdesk-dev-authorizer',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Environment: {
        Variables: {
          FRONTDESK_STAGE: 'dev',
          FRONTDESK_ISSUER: 'https://login.example.com/',
          FRONTDESK_AUDIENCE: 'https://api.example.com,orders-cli',
          FRONTDESK_ALGORITHMS: 'RS256,ES256',
          FRONTDESK_CLOCK_TOLERANCE: '30',
          FRONTDESK_DPOP: 'optional',
          FRONTDESK_ALLOW_UNTYPED_TOKENS: 'false',
          FRONTDESK_JWKS_MAX_STALE_SECONDS: '3600',
          FRONTDESK_TOKEN_CACHE_SIZE: '1000',
          FRONTDESK_REPLAY_TABLE: { Ref: Match.stringLikeRegexp('ReplayTable') },
        },
      },
    });
  });

  it('relaxes the access-token typ check only when allowUntypedTokens says so', () => {
    const fn = Object.values(synth({ allowUntypedTokens: true }).template.findResources('AWS::Lambda::Function')).find(
      (resource) => resource.Properties.FunctionName === 'frontdesk-dev-authorizer',
    );
    expect(fn?.Properties.Environment.Variables.FRONTDESK_ALLOW_UNTYPED_TOKENS).toBe('true');
  });

  it('creates the DPoP replay table (pk, TTL on expiresAt, on demand) and grants only PutItem on it', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
    const dynamodb = dynamoDbStatements(template);
    expect(dynamodb).toHaveLength(1);
    expect(dynamodb[0]).toMatchObject({ Action: 'dynamodb:PutItem', Effect: 'Allow' });
    expect(JSON.stringify(dynamodb[0]?.Resource)).toMatch(/"GatewayReplayTable[0-9A-F]+","Arn"/);
  });

  it('creates no replay table, no grant and no table variable when DPoP is off', () => {
    const off = synth({ dpop: 'off' }).template;
    off.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(dynamoDbStatements(off)).toEqual([]);
    const fn = Object.values(off.findResources('AWS::Lambda::Function'))[0];
    expect(fn?.Properties.Environment.Variables.FRONTDESK_REPLAY_TABLE).toBeUndefined();
    expect(fn?.Properties.Environment.Variables.FRONTDESK_DPOP).toBe('off');
  });

  it('keeps point-in-time recovery for prod replay data and destroys everything in previews', () => {
    synth({ stageName: 'prod' }).template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
    });
    const preview = synth({ stageName: 'pr-5' }).template;
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Logs::LogGroup']) {
      const resources = Object.values(preview.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.DeletionPolicy, type).toBe('Delete');
    }
  });

  it('keeps the authorizer logs and the shared access logs in explicit log groups with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/frontdesk-dev-authorizer', RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/frontdesk/dev/api-access', RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('AuthorizerLogs') } },
    });
  });

  it('publishes what apps need under /frontdesk/<stage>/, with a sentinel where the stage has no domain', () => {
    const names = sharedParameterNames(resolveStage('dev'));
    const values = parameterValues(template);
    expect(Object.keys(values).sort()).toEqual(Object.values(names).sort());
    for (const name of Object.keys(values)) expect(name.startsWith('/frontdesk/dev/')).toBe(true);
    expect(JSON.stringify(values[names.authorizerFunctionArn])).toMatch(/"Fn::GetAtt":\["GatewayAuthorizer[0-9A-F]+","Arn"\]/);
    expect(values[names.dpopMode]).toBe('optional');
    expect(values[names.domainName]).toBe(NO_DOMAIN);
    expect(values[names.regionalDomainName]).toBe(NO_DOMAIN);
    expect(values[names.regionalHostedZoneId]).toBe(NO_DOMAIN);
    expect(values[names.publicUrl]).toBe(NO_DOMAIN);
    // The log group ARN without ":*": LogGroup.fromLogGroupArn appends it on the app side.
    expect(JSON.stringify(values[names.accessLogGroupArn])).toMatch(/:log-group:",\{"Ref":"GatewayAccessLogs[0-9A-F]+"\}\]\]\}$/);
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });
});

describe('RootGateway custom domain', () => {
  const zone = { hostedZoneId: 'Z0123456789ABC', zoneName: 'example.com' };

  it('creates a regional TLS 1.2 domain with a DNS-validated certificate and alias records in the zone', () => {
    const { template } = synth({ domain: { domainName: 'api.example.com', hostedZone: zone } });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'Z0123456789ABC' }],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [Match.objectLike({ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' })],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A', HostedZoneId: 'Z0123456789ABC' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'AAAA' });
    const names = sharedParameterNames(resolveStage('dev'));
    const values = parameterValues(template);
    expect(values[names.domainName]).toEqual({ Ref: expect.stringMatching(/^GatewayDomain/) });
    expect(JSON.stringify(values[names.regionalDomainName])).toContain('RegionalDomainName');
    expect(JSON.stringify(values[names.regionalHostedZoneId])).toContain('RegionalHostedZoneId');
    // The DPoP htu origin defaults to the domain.
    expect(values[names.publicUrl]).toBe('https://api.example.com');
  });

  it('uses a given certificate and creates no DNS records without a zone', () => {
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abcd-1234';
    const { template } = synth({ domain: { domainName: 'api.example.org', certificateArn } });
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn })],
    });
  });

  it('can leave the alias records to someone else', () => {
    const { template } = synth({ domain: { domainName: 'api.example.com', hostedZone: zone, createAliasRecord: false } });
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 1);
  });
});

describe('RootGateway validation', () => {
  const cases: Array<[string, Partial<RootGatewayProps>, RegExp]> = [
    ['http issuer', { issuer: 'http://login.example.com/' }, /issuer must be an https:\/\/ URL/],
    ['empty audience', { audience: [] }, /audience must list at least one non-empty value/],
    ['audience with a comma', { audience: ['a,b'] }, /none containing ","/],
    ['symmetric algorithm', { algorithms: ['RS256', 'HS256'] }, /algorithms may only list asymmetric JWS algorithms.*"HS256"/],
    ['alg none', { algorithms: ['none'] }, /algorithms may only list asymmetric.*"none"/],
    [
      'clock tolerance out of range',
      { clockToleranceSeconds: 3600 },
      /clockToleranceSeconds must be a whole number from 0 to 300, got 3600/,
    ],
    ['max stale age out of range', { jwksMaxStaleSeconds: 30 }, /jwksMaxStaleSeconds must be a whole number from 60 to 86400, got 30/],
    ['token cache size out of range', { tokenCacheSize: -1 }, /tokenCacheSize must be a whole number from 0 to 100000, got -1/],
    ['unknown dpop mode', { dpop: 'maybe' as never }, /dpop must be one of "off", "optional", "required", got "maybe"/],
    ['public url with a path', { publicUrl: 'https://api.example.com/orders' }, /publicUrl must be an https:\/\/ origin with no path/],
    [
      'public url without a domain',
      { publicUrl: 'https://api.example.com' },
      /publicUrl needs a domain: without one each app answers on its own execute-api URL/,
    ],
    [
      'alarm topic that is not an SNS ARN',
      { alarmTopicArn: 'arn:aws:sqs:eu-west-1:123456789012:q' },
      /alarmTopicArn must be an SNS topic ARN/,
    ],
    [
      'domain without certificate or zone',
      { domain: { domainName: 'api.example.com' } },
      /domain needs either certificateArn .* or hostedZone/,
    ],
    [
      'domain outside its zone',
      { domain: { domainName: 'api.example.org', hostedZone: { hostedZoneId: 'Z1', zoneName: 'example.com' } } },
      /is not inside domain.hostedZone.zoneName "example.com"/,
    ],
    [
      'bad certificate ARN',
      { domain: { domainName: 'api.example.com', certificateArn: 'arn:aws:iam::1:role/x' } },
      /domain.certificateArn must be an ACM certificate ARN/,
    ],
    [
      'upper-case domain',
      { domain: { domainName: 'API.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' } },
      /domain.domainName must be a lower-case DNS name/,
    ],
  ];

  it.each(cases)('rejects %s, naming the prop', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('accepts a stage without a domain or public URL in every DPoP mode: htu then names the execute-api URL called', () => {
    for (const dpop of ['off', 'optional', 'required'] as const) {
      const fn = Object.values(synth({ dpop }).template.findResources('AWS::Lambda::Function'))[0];
      expect(fn?.Properties.Environment.Variables.FRONTDESK_PUBLIC_URL, dpop).toBeUndefined();
    }
  });

  it('takes a public URL in front of a domain, for the authorizer and the apps', () => {
    const { template } = synth({
      domain: { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' },
      publicUrl: 'https://edge.example.com',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FRONTDESK_PUBLIC_URL: 'https://edge.example.com' }) },
    });
    expect(parameterValues(template)[sharedParameterNames(resolveStage('dev')).publicUrl]).toBe('https://edge.example.com');
  });
});

describe('RootGateway alarm notifications', () => {
  it('sends every alarm of the stage, shared and app alike, to the alarm topic by name prefix', () => {
    const topic = 'arn:aws:sns:eu-west-1:111122223333:frontdesk-oncall';
    const { template } = synth({ stageName: 'pr-1', alarmTopicArn: topic });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'frontdesk-pr-1-alarm-notifications',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        // The trailing "-" keeps pr-1 from matching pr-12's alarms.
        detail: { alarmName: [{ prefix: 'frontdesk-pr-1-' }] },
      },
      Targets: [Match.objectLike({ Arn: topic })],
    });
  });

  it('creates no rule without a topic', () => {
    synth().template.resourceCountIs('AWS::Events::Rule', 0);
  });
});
