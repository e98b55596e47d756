import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import * as budgets from '../authorizer/budgets.ts';
import { resolveStage } from '../stage.ts';
import { RootGateway } from './root-gateway.ts';

// Issue 11 §7: a cold start fetches the discovery document and the JWKS before it can decide;
// those fetches, the DPoP replay put and the decision must fit the function's timeout, and the
// timeout plus a cold start's init must fit API Gateway's wait for an authorizer (10 s,
// http-api-quotas). The timeout is read from the synthesized template, the budgets from the
// module the runtime uses.
function authorizerTimeoutSeconds(): number {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Shared');
  new RootGateway(stack, 'Gateway', {
    stage: resolveStage('dev'),
    issuer: 'https://login.example.com/',
    audience: ['api'],
    dpop: 'required',
    domain: { domainName: 'api.example.com', certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc' },
  });
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
    Properties: { FunctionName: 'frontdesk-dev-authorizer' },
  });
  const [fn] = Object.values(functions);
  return fn?.Properties.Timeout as number;
}

describe('authorizer time budgets', () => {
  const timeoutMs = authorizerTimeoutSeconds() * 1000;

  it('the deployed function uses the timeout the budgets were made for', () => {
    expect(timeoutMs).toBe(budgets.AUTHORIZER_TIMEOUT_SECONDS * 1000);
  });

  it('a cold start with discovery, JWKS, a replay put and the decision fits the function timeout', () => {
    expect(budgets.JWKS_LOAD_BUDGET_MS + budgets.REPLAY_PUT_BUDGET_MS + budgets.DECISION_MARGIN_MS).toBeLessThanOrEqual(timeoutMs);
  });

  it('the function timeout plus a cold start init fits API Gateway’s 10 s wait for an authorizer', () => {
    expect(budgets.API_GATEWAY_AUTHORIZER_TIMEOUT_MS).toBe(10_000);
    expect(timeoutMs + budgets.COLD_START_ALLOWANCE_MS).toBeLessThanOrEqual(budgets.API_GATEWAY_AUTHORIZER_TIMEOUT_MS);
  });
});
