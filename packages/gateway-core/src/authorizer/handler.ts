/**
 * The deployed Lambda authorizer (HTTP API, payload 2.0, simple responses). Configuration is
 * read here, at module init: a missing or invalid variable fails the cold start with its name,
 * never the first request.
 */
import type { APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import { jsonAuditLogger } from './audit-line.ts';
import { AuthorizerConfigError, loadAuthorizerConfig } from './config.ts';
import type { AuthorizerResult } from './context.ts';
import { authorizerWith } from './create-authorizer.ts';
import { DynamoDbReplayStore } from './dynamodb-replay-store.ts';

const config = loadAuthorizerConfig(process.env);
if (config.dpop !== 'off' && config.replayTable === undefined) {
  // Inside Lambda, an in-memory store protects one instance only; a replay could hit another.
  throw new AuthorizerConfigError(
    'FRONTDESK_REPLAY_TABLE',
    'is required when FRONTDESK_DPOP is not off (DPoP replay protection must span every instance)',
  );
}

// Powertools' line shape without Powertools in the bundle (see audit-line.ts).
const logger = jsonAuditLogger();
const authorize = authorizerWith(config, {
  // Without a table DPoP is off (checked above): no proof is ever read, and no in-memory store is bundled.
  replayStore: config.replayTable === undefined ? undefined : new DynamoDbReplayStore({ tableName: config.replayTable }),
  // One JSON line per decision: the audit record, which is also the EMF metric datapoint.
  logger,
});

/** Never throws: every failure, expected or not, is `{ isAuthorized: false }` (403). */
export const handler = (event: APIGatewayRequestAuthorizerEventV2, context?: Context): Promise<AuthorizerResult> => {
  // The invocation's function fields (cold_start, function_request_id …) in its audit line, as Powertools' addContext does.
  if (context !== undefined) logger.addContext(context);
  return authorize(event);
};
