import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { TABLE_ACCESS_ACTIONS, type TableAccess } from '../../manifest/tables.ts';

/**
 * Reusable least-privilege policy blocks. Each returns one statement naming explicit actions on
 * exactly the resource given — never `*`, never `service:*` — so a grant reads like what it
 * allows and `pnpm lint:policy` can compare it with what the manifest declares.
 *
 * @example
 * // apps/orders/stack.ts
 * fn.addToRolePolicy(grants.readTable(audit));
 */
export const grants = {
  /** Item reads, queries and scans on the table itself. */
  readTable: (table: ITable): PolicyStatement => tableStatement(table, 'read'),
  /** Item writes and deletes on the table (no reads). */
  writeTable: (table: ITable): PolicyStatement => tableStatement(table, 'write'),
  /** Reads and writes of items on the table; never table administration. */
  readWriteTable: (table: ITable): PolicyStatement => tableStatement(table, 'readWrite'),
  /** The access a manifest declares, by name. */
  tableAccess: (table: ITable, access: TableAccess): PolicyStatement => tableStatement(table, access),
  /** Queries and scans of one secondary index of the table (`<table arn>/index/<name>`). */
  queryIndex: (table: ITable, indexName: string): PolicyStatement =>
    new PolicyStatement({ actions: ['dynamodb:Query', 'dynamodb:Scan'], resources: [`${table.tableArn}/index/${indexName}`] }),
  /** The secret's current and previous values (Secrets Manager reads by version stage). */
  readSecret: (secret: ISecret): PolicyStatement =>
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] }),
  /** Send messages to the queue (no receive, no purge). */
  sendMessages: (queue: IQueue): PolicyStatement =>
    new PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: [queue.queueArn] }),
  /** Receive and delete messages from the queue (a consumer). */
  consumeMessages: (queue: IQueue): PolicyStatement =>
    new PolicyStatement({
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resources: [queue.queueArn],
    }),
  /** Read objects under `prefix` (default: the whole bucket). */
  readObjects: (bucket: IBucket, prefix = ''): PolicyStatement =>
    new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
  /** Write objects under `prefix` (default: the whole bucket). */
  writeObjects: (bucket: IBucket, prefix = ''): PolicyStatement =>
    new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${prefix}*`)] }),
} as const;

export type PolicyBlocks = typeof grants;

function tableStatement(table: ITable, access: TableAccess): PolicyStatement {
  // The table only: an index is its own ARN (`<table arn>/index/<name>`), granted by name with queryIndex.
  return new PolicyStatement({ actions: [...TABLE_ACCESS_ACTIONS[access]], resources: [table.tableArn] });
}
