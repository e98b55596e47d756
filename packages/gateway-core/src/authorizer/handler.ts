/**
 * The deployed Lambda authorizer (HTTP API, payload 2.0, simple responses). Configuration is
 * read here, at module init: a missing or invalid variable fails the cold start with its name,
 * never the first request.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { AuthorizerConfigError, loadAuthorizerConfig } from './config.ts';
import type { AuthorizerResult } from './context.ts';
import { createAuthorizer } from './create-authorizer.ts';
import { DynamoDbReplayStore } from './dynamodb-replay-store.ts';
import { InMemoryReplayStore } from './in-memory-replay-store.ts';
import { powertoolsDecisionMetrics } from './powertools-metrics.ts';

const config = loadAuthorizerConfig(process.env);
if (config.dpop !== 'off' && config.replayTable === undefined) {
  // Inside Lambda, an in-memory store protects one instance only; a replay could hit another.
  throw new AuthorizerConfigError('FRONTDESK_REPLAY_TABLE', 'is required when FRONTDESK_DPOP is not off (DPoP replay protection must span every instance)');
}

const logger = new Logger({ serviceName: 'frontdesk-authorizer' });
const metrics = new Metrics({ namespace: 'Frontdesk', serviceName: 'frontdesk-authorizer' });
const authorize = createAuthorizer(config, {
  replayStore: config.replayTable === undefined ? new InMemoryReplayStore() : new DynamoDbReplayStore({ tableName: config.replayTable }),
  logger,
  metrics: powertoolsDecisionMetrics(metrics, config.stage),
});

export const handler = async (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => {
  try {
    return await authorize(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
