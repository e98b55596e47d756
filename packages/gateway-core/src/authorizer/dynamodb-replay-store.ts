import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { REPLAY_PUT_BUDGET_MS } from './budgets.ts';
import type { ReplayStore } from './replay-store.ts';

export interface DynamoDbReplayStoreOptions {
  /** The table: partition key `pk` (string), TTL attribute `expiresAt` (epoch seconds). */
  readonly tableName: string;
  /** A configured client (tests point one at a local endpoint). @default a new DynamoDBClient() */
  readonly client?: DynamoDBClient;
  /** The put is aborted after this (then the request is denied `replay_store_unavailable`). @default {@link REPLAY_PUT_BUDGET_MS} */
  readonly timeoutMs?: number;
}

type Sdk = typeof import('@aws-sdk/client-dynamodb');

/**
 * A {@link ReplayStore} on DynamoDB: one conditional `PutItem` per proof
 * (`attribute_not_exists(pk)`), so concurrent Lambda instances agree on the first use. Expired
 * items are removed by the table's TTL on `expiresAt`; an expired item that lingers cannot let a
 * replay through, because the proof's `iat` window has closed by then.
 *
 * The SDK is imported on the first `putIfAbsent`, not when this module is or the store is
 * created: a cold start, and an instance that only sees Bearer tokens, never pays for it.
 */
export class DynamoDbReplayStore implements ReplayStore {
  readonly #tableName: string;
  readonly #timeoutMs: number;
  readonly #client: DynamoDBClient | undefined;
  #ready: Promise<{ sdk: Sdk; client: DynamoDBClient }> | undefined;

  constructor(options: DynamoDbReplayStoreOptions) {
    this.#tableName = options.tableName;
    this.#timeoutMs = options.timeoutMs ?? REPLAY_PUT_BUDGET_MS;
    this.#client = options.client;
  }

  async putIfAbsent(key: string, expiresAt: number): Promise<boolean> {
    // On the first DPoP proof, not at init: an instance that only sees Bearer tokens never loads the SDK.
    // A failed import is not remembered, so the next proof tries again.
    this.#ready ??= import('@aws-sdk/client-dynamodb').then(
      (sdk) => ({ sdk, client: this.#client ?? new sdk.DynamoDBClient({}) }),
      (error) => {
        this.#ready = undefined;
        throw error;
      },
    );
    const { sdk, client } = await this.#ready;
    try {
      await client.send(
        new sdk.PutItemCommand({
          TableName: this.#tableName,
          Item: { pk: { S: key }, expiresAt: { N: String(Math.ceil(expiresAt)) } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
        // Within the function's budget (budgets.ts): a slow table is a denial, never a Lambda timeout (500).
        { abortSignal: AbortSignal.timeout(this.#timeoutMs) },
      );
      return true;
    } catch (error) {
      if (error instanceof sdk.ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
