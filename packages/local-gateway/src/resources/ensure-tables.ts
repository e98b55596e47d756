import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { tablePhysicalName, type AppManifest, type TableKey } from '@frontdesk/gateway-core';

/** DynamoDB's scalar type letters for the manifest's key types. */
const ATTRIBUTE_TYPE = { string: 'S', number: 'N', binary: 'B' } as const;

/**
 * Creates each of the app's declared tables that does not exist yet, named as the app stack names
 * them for this stage and with the same key schema (AppTables in gateway-core/cdk). Returns the
 * manifest-name → physical-name map the stack puts in FRONTDESK_TABLES. An existing table is left
 * as it is, items and all: that is what keeps data across restarts.
 */
export async function ensureTables(client: DynamoDBClient, stage: string, manifest: AppManifest): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const [name, declaration] of Object.entries(manifest.tables)) {
    const TableName = tablePhysicalName(stage, manifest.name, name);
    names[name] = TableName;
    if (await exists(client, TableName)) continue;
    const keys: [TableKey, 'HASH' | 'RANGE'][] = [[declaration.partitionKey, 'HASH']];
    if (declaration.sortKey) keys.push([declaration.sortKey, 'RANGE']);
    const KeySchema: KeySchemaElement[] = keys.map(([key, KeyType]) => ({ AttributeName: key.name, KeyType }));
    const AttributeDefinitions: AttributeDefinition[] = keys.map(([key]) => ({
      AttributeName: key.name,
      AttributeType: ATTRIBUTE_TYPE[key.type],
    }));
    await client.send(new CreateTableCommand({ TableName, KeySchema, AttributeDefinitions, BillingMode: 'PAY_PER_REQUEST' }));
  }
  return names;
}

async function exists(client: DynamoDBClient, TableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}
