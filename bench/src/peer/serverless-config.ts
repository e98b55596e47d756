import { benchmarkedApp } from '../fixture/bundle.ts';

/**
 * The peer's service definition (serverless.json — Serverless v3 reads JSON as well as YAML):
 * one HTTP API route behind a Lambda REQUEST authorizer with payload 2.0 simple responses —
 * the configuration closest to a Frontdesk app's.
 */
export function serverlessConfig(verifierJson: string): Record<string, unknown> {
  return {
    service: 'frontdesk-bench-peer',
    frameworkVersion: '3',
    provider: {
      name: 'aws',
      runtime: 'nodejs20.x',
      region: 'eu-west-1',
      environment: { BENCH_VERIFIER: verifierJson },
      httpApi: {
        authorizers: {
          frontdesk: {
            type: 'request',
            functionName: 'authorizer',
            enableSimpleResponses: true,
            payloadVersion: '2.0',
            identitySource: ['$request.header.Authorization'],
            resultTtlInSeconds: 0,
          },
        },
      },
    },
    plugins: ['serverless-offline'],
    functions: {
      authorizer: { handler: 'authorizer.handler' },
      app: {
        handler: 'app.handler',
        events: [{ httpApi: { method: 'GET', path: benchmarkedApp.path, authorizer: { name: 'frontdesk' } } }],
      },
    },
  };
}
