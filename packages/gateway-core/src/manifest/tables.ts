import { z } from 'zod';

/**
 * The manifest's `tables`: DynamoDB tables the app owns, each with the access its function needs.
 * The app stack creates them (encrypted, point-in-time recovery and removal policy by stage) and
 * grants exactly that access on exactly that table; `pnpm dev` serves them from a local DynamoDB.
 */

/** What a declared access lets the app's function do; `pnpm lint:policy` (FD-DATA-004) holds grants to these lists. */
export const TABLE_ACCESS_ACTIONS = {
  read: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
  ],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DescribeTable',
  ],
} as const satisfies Record<string, readonly string[]>;

export type TableAccess = keyof typeof TABLE_ACCESS_ACTIONS;
export const TABLE_ACCESS = Object.keys(TABLE_ACCESS_ACTIONS) as TableAccess[];

/** Table names become env keys, construct ids and part of the physical name: keep them boring. */
const TABLE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
/** DynamoDB attribute names used as keys: short, no spaces, so they read the same in every SDK. */
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;

const attribute = z
  .string()
  .regex(ATTRIBUTE, { message: 'a key attribute name is letters, digits, "_", "-" or ".", starting with a letter or "_"' });
const key = z
  .union(
    [
      attribute,
      z.strictObject({
        name: attribute,
        type: z.enum(['string', 'number', 'binary'], { message: 'a key type is "string", "number" or "binary"' }),
      }),
    ],
    {
      message: 'a key is an attribute name ("id") or { name: "id", type: "string" | "number" | "binary" }',
    },
  )
  .transform((value) => (typeof value === 'string' ? { name: value, type: 'string' as const } : value));

const table = z
  .strictObject({
    /** The partition key: an attribute name (a string attribute) or `{ name, type }`. */
    partitionKey: key,
    /** The sort key, when items share a partition. */
    sortKey: key.optional(),
    /** What the app's function may do with the table: `read`, `write` or `readWrite`. */
    access: z.enum(['read', 'write', 'readWrite'], {
      message: 'access must be "read", "write" or "readWrite" (what the app’s function needs, nothing more)',
    }),
    /** An attribute holding an epoch-seconds expiry; DynamoDB deletes expired items. */
    timeToLiveAttribute: attribute.optional(),
    description: z.string().optional(),
  })
  .refine((value) => value.sortKey === undefined || value.sortKey.name !== value.partitionKey.name, {
    message: 'the sort key must be a different attribute from the partition key',
    path: ['sortKey'],
  });

export const tablesSchema = z
  .record(z.string(), table, {
    message: 'tables is an object keyed by table name, e.g. { orders: { partitionKey: "id", access: "readWrite" } }',
  })
  .superRefine((tables, ctx) => {
    for (const name of Object.keys(tables)) {
      if (!TABLE_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `a table name is 1-40 lower-case letters, digits and "-", starting with a letter; "${name}" is not`,
        });
      }
    }
  })
  .default({});

export type TableDeclaration = z.output<typeof table>;
export type TableDeclarationInput = z.input<typeof table>;
export type TableKey = TableDeclaration['partitionKey'];

/** The physical table name in a stage: `frontdesk-<stage>-<app>-<table>` (DynamoDB allows 255 characters). */
export function tablePhysicalName(stageName: string, appName: string, table: string): string {
  return `frontdesk-${stageName}-${appName}-${table}`;
}
