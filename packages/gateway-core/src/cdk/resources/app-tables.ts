import { Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { tablePhysicalName, type TableDeclaration, type TableKey } from '../../manifest/tables.ts';
import type { AppManifest } from '../../manifest/schema.ts';
import { TABLES_ENV } from '../../runtime/table-name.ts';
import type { Stage } from '../../stage.ts';
import { grants } from '../grants/policy-blocks.ts';
import { stageRemovalPolicy } from '../stage-defaults.ts';

export interface AppTablesProps {
  readonly manifest: AppManifest;
  readonly stage: Stage;
  /** The app's function: granted exactly each table's declared access, and told the names. */
  readonly function: LambdaFunction;
  /**
   * @default - `DESTROY` for previews, `RETAIN` for dev and prod
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Days of point-in-time recovery by stage (DynamoDB allows 1-35); previews keep none. */
function stageRecoveryDays(stage: Stage): number | undefined {
  switch (stage.kind) {
    case 'prod':
      return 35;
    case 'dev':
      return 7;
    case 'preview':
      return undefined;
  }
}

/**
 * The manifest's DynamoDB tables, named `frontdesk-<stage>-<app>-<table>`, with safe defaults:
 * on-demand billing, encryption with the AWS-managed KMS key, point-in-time recovery (35 days in
 * prod, 7 in dev, none in previews), deletion protection and `RETAIN` in prod, `DESTROY` in
 * previews. The function gets exactly the declared access on exactly its table (policy blocks,
 * no `*`) and the names in `FRONTDESK_TABLES`, which `tableName()` reads.
 *
 * @example
 * new AppTables(this, 'Tables', { manifest, stage, function: api.function });
 */
export class AppTables extends Construct {
  /** Keyed by the manifest's table name. */
  public readonly tables: ReadonlyMap<string, Table>;

  constructor(scope: Construct, id: string, props: AppTablesProps) {
    super(scope, id);
    const { manifest, stage } = props;
    const tables = new Map<string, Table>();
    const names: Record<string, string> = {};
    for (const [name, declaration] of Object.entries(manifest.tables)) {
      const physicalName = tablePhysicalName(stage.name, manifest.name, name);
      const table = createTable(this, pascal(name), physicalName, declaration, stage, props.removalPolicy);
      props.function.addToRolePolicy(grants.tableAccess(table, declaration.access));
      names[name] = physicalName;
      tables.set(name, table);
    }
    if (tables.size > 0) props.function.addEnvironment(TABLES_ENV, JSON.stringify(names));
    this.tables = tables;
  }
}

function createTable(
  scope: Construct,
  id: string,
  tableName: string,
  declaration: TableDeclaration,
  stage: Stage,
  removalPolicy?: RemovalPolicy,
): Table {
  const recoveryDays = stageRecoveryDays(stage);
  const table = new Table(scope, id, {
    tableName,
    partitionKey: attribute(declaration.partitionKey),
    ...(declaration.sortKey ? { sortKey: attribute(declaration.sortKey) } : {}),
    ...(declaration.timeToLiveAttribute ? { timeToLiveAttribute: declaration.timeToLiveAttribute } : {}),
    billingMode: BillingMode.PAY_PER_REQUEST,
    // The AWS-managed key (aws/dynamodb) shows every use in CloudTrail; the default AWS-owned key does not.
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification:
      recoveryDays === undefined
        ? { pointInTimeRecoveryEnabled: false }
        : { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: recoveryDays },
    deletionProtection: stage.kind === 'prod',
    removalPolicy: removalPolicy ?? stageRemovalPolicy(stage),
  });
  if (recoveryDays === undefined) {
    Validations.of(table).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason: 'Preview tables live as long as their pull request and hold only test data; dev and prod tables keep point-in-time recovery.',
    });
  }
  return table;
}

function attribute(key: TableKey): { name: string; type: AttributeType } {
  const type = key.type === 'number' ? AttributeType.NUMBER : key.type === 'binary' ? AttributeType.BINARY : AttributeType.STRING;
  return { name: key.name, type };
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
