/**
 * The deployed Lambda authorizer (HTTP API, payload 2.0, simple responses). Configuration is
 * read here, at module init: a missing or invalid variable fails the cold start with its name,
 * never the first request.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { powertoolsAuditLogger } from './audit-logger.ts';
import { AuthorizerConfigError, loadAuthorizerConfig } from './config.ts';
import type { AuthorizerResult } from './context.ts';
import { createAuthorizer } from './create-authorizer.ts';
import { DynamoDbReplayStore } from './dynamodb-replay-store.ts';
import { InMemoryReplayStore } from './in-memory-replay-store.ts';

const config = loadAuthorizerConfig(process.env);
if (config.dpop !== 'off' && config.replayTable === undefined) {
  // Inside Lambda, an in-memory store protects one instance only; a replay could hit another.
  throw new AuthorizerConfigError(
    'FRONTDESK_REPLAY_TABLE',
    'is required when FRONTDESK_DPOP is not off (DPoP replay protection must span every instance)',
  );
}

const authorize = createAuthorizer(config, {
  replayStore: config.replayTable === undefined ? new InMemoryReplayStore() : new DynamoDbReplayStore({ tableName: config.replayTable }),
  // One JSON line per decision: the audit record, which is also the EMF metric datapoint.
  logger: powertoolsAuditLogger(),
});

/** Never throws: every failure, expected or not, is `{ isAuthorized: false }` (403). */
export const handler = (event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> => authorize(event);
