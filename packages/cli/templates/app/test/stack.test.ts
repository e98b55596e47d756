import { fileURLToPath } from 'node:url';
import { synthesizedStack } from '@frontdesk/gateway-core/cdk/testing';
import { describe, expect, it } from 'vitest';
import manifest from '../app.config.ts';

describe(`${manifest.name} stack`, () => {
  // The stack as `pnpm synth` wrote it to cdk.out for STAGE (dev when unset), the template
  // `cdk deploy --app cdk.out` ships: turbo runs synth before this test; run alone, it synthesizes first.
  const { stage, stackName, template } = synthesizedStack(fileURLToPath(new URL('..', import.meta.url)), manifest.name);

  it('is named for the stage and the app', () => {
    expect(stackName).toBe(`frontdesk-${stage.name}-app-${manifest.name}`);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: `frontdesk-${stage.name}-${manifest.name}` });
  });

  it('has one route per manifest route, with the authorizer on protected routes only', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', Object.keys(manifest.routes).length);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /hello', AuthorizationType: 'CUSTOM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
  });

  it('is mapped under its base path on the shared domain', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: manifest.basePath });
  });
});
