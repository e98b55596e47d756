import { fileURLToPath } from 'node:url';
import { synthesizedStack } from '@frontdesk/gateway-core/cdk/testing';
import { describe, expect, it } from 'vitest';
import manifest from '../app.config.ts';

describe(`${manifest.name} stack`, () => {
  // The stack as `pnpm synth` wrote it to cdk.out for STAGE (dev when unset), the template
  // `cdk deploy --app cdk.out` ships: turbo runs synth before this test; run alone, it synthesizes first.
  // What each stage changes (names, retention, removal, previews' isolation) is tested for every
  // stage in gateway-core (src/cdk/stages.test.ts).
  const { stage, stackName, template } = synthesizedStack(fileURLToPath(new URL('..', import.meta.url)), manifest.name);

  it('is named for the stage and the app', () => {
    expect(stackName).toBe(`frontdesk-${stage.name}-app-${manifest.name}`);
  });

  it('has one route per manifest route, with the authorizer on protected routes only', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', Object.keys(manifest.routes).length);
    for (const [routeKey, route] of Object.entries(manifest.routes)) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'auth' in route ? 'NONE' : 'CUSTOM',
      });
    }
  });

  it('is mapped under its base path on the shared domain', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: manifest.basePath });
  });
});
