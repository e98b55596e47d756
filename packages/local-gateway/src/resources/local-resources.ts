import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AppManifest } from '@frontdesk/gateway-core';
import { REGION } from '../functions/local-function.ts';
import { readDevRecord } from '../cli/dev-record.ts';
import type { LocalDynamoDb } from './local-dynamodb.ts';

/**
 * The modules a table needs (the AWS SDK, dynalite and LevelDB, the runtime's table names),
 * imported the first time an app declares one: `pnpm dev` over apps without tables never loads them.
 */
const tableModules = async () => {
  const [{ DynamoDBClient }, { TABLES_ENV }, { ensureTables }, localDynamoDb] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@frontdesk/gateway-core/runtime'),
    import('./ensure-tables.ts'),
    import('./local-dynamodb.ts'),
  ]);
  const { startLocalDynamoDb, dataFolderInUse } = localDynamoDb;
  return { DynamoDBClient, TABLES_ENV, ensureTables, startLocalDynamoDb, dataFolderInUse };
};

/**
 * Credentials for the local DynamoDB only: dynalite checks that requests are signed, not by whom.
 * Workers never see the developer's own AWS credentials, so a function can't reach real AWS by mistake.
 */
const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'frontdesk-local', AWS_SECRET_ACCESS_KEY: 'frontdesk-local' } as const;

export interface LocalResourcesOptions {
  /** The workspace root; data lives in `.frontdesk/dynamodb/`. */
  readonly root: string;
  readonly stage: string;
  /** FRONTDESK_DYNAMODB_PORT, FRONTDESK_RESET_DATA. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onInfo?: (message: string) => void;
  /**
   * Keep tables and items in `.frontdesk/dynamodb/` across restarts; `false` keeps them in memory
   * for this server only (e.g. `pnpm verify`'s in-process reference beside a running `pnpm dev`).
   * @default true
   */
  readonly persist?: boolean;
}

/** The folder that keeps local tables and items across `pnpm dev` restarts. */
export function dynamoDbDataDir(root: string): string {
  return join(root, '.frontdesk', 'dynamodb');
}

/**
 * The AWS resources apps declare, served on this machine: one local DynamoDB (started the first
 * time an app declares a table, so a workspace without tables runs none), each app's tables
 * created from its manifest, and the environment that points the app's unchanged SDK client at it.
 */
export class LocalResources {
  private dynamoDb: Promise<LocalDynamoDb> | undefined;
  private client: DynamoDBClient | undefined;

  constructor(private readonly options: LocalResourcesOptions) {
    // Parsed now so a bad value stops start-up with its name, not the first app's load.
    this.port = dynamoDbPort(options.env);
    this.reset = resetRequested(options.env);
  }

  private readonly port: number;
  private readonly reset: boolean;

  /**
   * The variables the deployed function gets for its resources (FRONTDESK_TABLES as AppTables sets
   * it) plus what sends its SDK to the local server. Empty for an app without tables.
   */
  async environmentFor(manifest: AppManifest): Promise<Record<string, string>> {
    if (Object.keys(manifest.tables).length === 0) return {};
    const { DynamoDBClient, TABLES_ENV, ensureTables } = await tableModules();
    const dynamoDb = await this.start();
    this.client ??= new DynamoDBClient({
      endpoint: dynamoDb.endpoint,
      region: REGION,
      credentials: { accessKeyId: LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
    });
    const names = await ensureTables(this.client, this.options.stage, manifest);
    // The SDK's service-specific endpoint variable (AWS SDKs and Tools reference, "Service-specific endpoints").
    return { [TABLES_ENV]: JSON.stringify(names), AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint, ...LOCAL_CREDENTIALS };
  }

  /** The local DynamoDB's URL, once an app with tables has started it. */
  async endpoint(): Promise<string | undefined> {
    return this.dynamoDb ? (await this.dynamoDb).endpoint : undefined;
  }

  async close(): Promise<void> {
    this.client?.destroy();
    const dynamoDb = this.dynamoDb;
    this.dynamoDb = undefined;
    if (dynamoDb) await (await dynamoDb.catch(() => undefined))?.close();
  }

  private start(): Promise<LocalDynamoDb> {
    if (!this.dynamoDb) {
      this.dynamoDb = this.open();
      void this.dynamoDb.catch(() => (this.dynamoDb = undefined));
    }
    return this.dynamoDb;
  }

  private async open(): Promise<LocalDynamoDb> {
    const dir = await this.dataDir();
    if (dir !== undefined && this.reset) {
      rmSync(dir, { recursive: true, force: true });
      this.options.onInfo?.(`FRONTDESK_RESET_DATA: removed local DynamoDB data in ${dir}`);
    }
    const { startLocalDynamoDb } = await tableModules();
    const db = await startLocalDynamoDb({ dir, port: this.port });
    this.options.onInfo?.(`local DynamoDB (dynalite) on ${db.endpoint}, data ${dir === undefined ? 'in memory' : `in ${dir}`}`);
    return db;
  }

  /** The data folder, or `undefined` (in memory) when persisting is off or another process holds it. */
  private async dataDir(): Promise<string | undefined> {
    if (this.options.persist === false) return undefined;
    const dir = dynamoDbDataDir(this.options.root);
    const { dataFolderInUse } = await tableModules();
    if (!(await dataFolderInUse(dir))) return dir;
    const holder = readDevRecord(this.options.root);
    const who = holder && holder.pid !== process.pid ? `pnpm dev (pid ${holder.pid}, ${holder.url})` : 'another process';
    this.options.onInfo?.(
      `${dir} is in use by ${who}: this server keeps its tables in memory until it stops${this.reset ? " (FRONTDESK_RESET_DATA ignored: that data is not this server's to remove)" : ''}`,
    );
    return undefined;
  }
}

/** FRONTDESK_DYNAMODB_PORT, else 0 (a free port: the workers are told which). */
function dynamoDbPort(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.FRONTDESK_DYNAMODB_PORT?.trim();
  if (text === undefined || text === '') return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`FRONTDESK_DYNAMODB_PORT="${text}" is not a port number (0-65535; 0 picks a free port)`);
  return port;
}

/** FRONTDESK_RESET_DATA=1 (or true) starts from empty tables. */
function resetRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  const text = env.FRONTDESK_RESET_DATA?.trim().toLowerCase();
  if (text === undefined || text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new Error(`FRONTDESK_RESET_DATA="${env.FRONTDESK_RESET_DATA}" is not 1/true or 0/false`);
}
