import {
  GetAliasCommand,
  PreconditionFailedException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  paginateListVersionsByFunction,
  type AliasRoutingConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { LIVE_ALIAS } from '@frontdesk/gateway-core/contract';
import { RollbackError } from './rollback-error.ts';

export interface AliasState {
  /** The version the alias points at. */
  readonly version: string;
  /** During a gradual deploy, another version receiving a share of traffic. */
  readonly weights: Readonly<Record<string, number>>;
}

export interface RollbackResult {
  readonly functionName: string;
  readonly alias: string;
  readonly before: AliasState;
  readonly after: AliasState;
}

export interface RollbackAliasOptions {
  readonly client: LambdaClient;
  readonly functionName: string;
  /** @default LIVE_ALIAS (`live`) */
  readonly alias?: string;
  /** The version to move to; by default the newest published version older than the current one. */
  readonly to?: string;
}

/**
 * Moves an alias back to an earlier published version of its function, with
 * `GetAlias`, `ListVersionsByFunction` and `UpdateAlias`. Any traffic split (a gradual deploy in
 * flight) is cleared, and the update is conditional on the alias revision read first, so a
 * concurrent deploy is never silently overwritten.
 *
 * @throws {RollbackError} when there is nothing to roll back to, the version does not exist,
 *   it is already live, the function or alias is missing, or the alias changed meanwhile.
 * @example
 * const { before, after } = await rollbackAlias({ client: new LambdaClient({}), functionName: 'frontdesk-prod-orders' });
 */
export async function rollbackAlias(options: RollbackAliasOptions): Promise<RollbackResult> {
  const { client, functionName } = options;
  const alias = options.alias ?? LIVE_ALIAS;

  const current = await notFoundAsRollbackError(functionName, alias, () =>
    client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias })),
  );
  const before: AliasState = { version: current.FunctionVersion ?? '$LATEST', weights: weightsOf(current.RoutingConfig) };

  const published: number[] = [];
  await notFoundAsRollbackError(functionName, alias, async () => {
    for await (const page of paginateListVersionsByFunction({ client }, { FunctionName: functionName })) {
      for (const version of page.Versions ?? []) {
        if (version.Version && /^\d+$/.test(version.Version)) published.push(Number(version.Version));
      }
    }
  });
  published.sort((a, b) => a - b);

  const target = chooseTarget(functionName, alias, before, published, options.to);
  try {
    const updated = await client.send(
      new UpdateAliasCommand({
        FunctionName: functionName,
        Name: alias,
        FunctionVersion: target,
        RoutingConfig: { AdditionalVersionWeights: {} },
        ...(current.RevisionId ? { RevisionId: current.RevisionId } : {}),
      }),
    );
    return {
      functionName,
      alias,
      before,
      after: { version: updated.FunctionVersion ?? target, weights: weightsOf(updated.RoutingConfig) },
    };
  } catch (error) {
    if (error instanceof PreconditionFailedException) {
      throw new RollbackError(
        'ERR_ALIAS_CHANGED',
        `${functionName}:${alias} changed while rolling back (a deploy in progress?); run the rollback again to see the new state`,
      );
    }
    throw error;
  }
}

function chooseTarget(
  functionName: string,
  alias: string,
  before: AliasState,
  published: readonly number[],
  to: string | undefined,
): string {
  const available = published.length > 0 ? published.join(', ') : 'none';
  const split = Object.keys(before.weights).length > 0;
  if (to !== undefined) {
    if (!/^\d+$/.test(to) || !published.includes(Number(to))) {
      throw new RollbackError('ERR_VERSION_NOT_FOUND', `${functionName} has no published version "${to}" (published: ${available})`);
    }
    if (to === before.version && !split) {
      throw new RollbackError('ERR_ALREADY_LIVE', `${functionName}:${alias} already points at version ${to}; nothing to do`);
    }
    return to;
  }
  // `$LATEST` is newer than every published version.
  const current = before.version === '$LATEST' ? Number.POSITIVE_INFINITY : Number(before.version);
  const previous = published.filter((version) => version < current).at(-1);
  if (previous === undefined) {
    throw new RollbackError(
      'ERR_NOTHING_TO_ROLL_BACK',
      `${functionName}:${alias} points at version ${before.version}, and no older published version exists (published: ${available}): nothing to roll back to`,
    );
  }
  return String(previous);
}

function weightsOf(routing: AliasRoutingConfiguration | undefined): Record<string, number> {
  return { ...(routing?.AdditionalVersionWeights ?? {}) };
}

async function notFoundAsRollbackError<T>(functionName: string, alias: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      throw new RollbackError(
        'ERR_FUNCTION_NOT_FOUND',
        `${functionName}:${alias} was not found (${error.message}); is the app deployed to this stage?`,
      );
    }
    throw error;
  }
}
