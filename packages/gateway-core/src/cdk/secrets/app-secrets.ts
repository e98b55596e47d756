import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Tracing, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { StringParameter, type IStringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { AppManifest } from '../../manifest/schema.ts';
import { SECRETS_ENV, type SecretReference } from '../../runtime/secret-references.ts';
import type { Stage } from '../../stage.ts';
import { HANDLER_NAME, HANDLER_RUNTIME, handlerCode } from '../nodejs-bundling.ts';
import { appFunctionName } from '../../contract/names.ts';
import { stageLogRetention } from '../stage-defaults.ts';

/** gateway-core's generic rotation function for generated secrets, bundled per rotated secret. */
const ROTATION_ENTRY = fileURLToPath(new URL('../../rotation/handler.ts', import.meta.url));

export interface AppSecretsProps {
  /** The app's manifest; its `secrets` are created or imported. */
  readonly manifest: AppManifest;
  readonly stage: Stage;
  /** The app's function: the only principal granted read, and where the references go. */
  readonly function: LambdaFunction;
  /** The app's folder. */
  readonly appDir: string;
  /**
   * Removal policy of created Secrets Manager secrets.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** One declared secret as deployed. */
export type DeployedSecret =
  | { readonly name: string; readonly source: 'secretsmanager'; readonly secret: ISecret; readonly rotationFunction?: NodejsFunction }
  | { readonly name: string; readonly source: 'ssm'; readonly parameter: IStringParameter };

/**
 * The app's secrets: a Secrets Manager secret per `source: "secretsmanager"` entry (named
 * `frontdesk/<stage>/<app>/<name>`, a generated value, rotated every `rotation.days` by
 * gateway-core's generic rotation function when declared), and an imported SSM SecureString per `source: "ssm"` entry (default name
 * `/frontdesk/<stage>/<app>/secrets/<name>`). Read is granted to the app's function and nothing
 * else; the function receives their ARNs/names — never values — in `FRONTDESK_SECRETS`, which
 * `getSecret(name)` resolves at runtime.
 *
 * @example
 * new AppSecrets(this, 'Secrets', { manifest, stage, function: api.function, appDir });
 */
export class AppSecrets extends Construct {
  /** Keyed by the manifest's secret name. */
  public readonly secrets: ReadonlyMap<string, DeployedSecret>;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const { manifest, stage } = props;
    const secrets = new Map<string, DeployedSecret>();
    const references: Record<string, SecretReference> = {};

    for (const [name, declaration] of Object.entries(manifest.secrets)) {
      const logicalName = pascal(name);
      if (declaration.source === 'secretsmanager') {
        const secret = new Secret(this, logicalName, {
          secretName: `frontdesk/${stage.name}/${manifest.name}/${name}`,
          description: declaration.description ?? `${name} of ${manifest.name} (${manifest.owner}), stage ${stage.name}`,
          removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        });
        let rotationFunction: NodejsFunction | undefined;
        if (declaration.rotation) {
          const functionName = `${appFunctionName(stage, manifest.name)}-rotate-${name}`.slice(0, 64);
          // Like every Frontdesk function: its own log group, and a role that writes only there.
          const logGroup = new LogGroup(this, `${logicalName}RotationLogs`, {
            logGroupName: `/aws/lambda/${functionName}`,
            retention: stageLogRetention(stage),
            removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
          });
          const role = new Role(this, `${logicalName}RotationRole`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
          logGroup.grantWrite(role);
          rotationFunction = new NodejsFunction(this, `${logicalName}Rotation`, {
            functionName,
            role,
            logGroup,
            description: `Rotates ${name} of ${manifest.name}, stage ${stage.name}`,
            code: handlerCode(ROTATION_ENTRY),
            handler: HANDLER_NAME,
            runtime: HANDLER_RUNTIME,
            memorySize: 256,
            timeout: Duration.seconds(30),
            tracing: Tracing.ACTIVE,
          });
          // CDK grants the rotation role DescribeSecret, GetSecretValue, PutSecretValue and
          // UpdateSecretVersionStage on this secret only (plus GetRandomPassword, which has no
          // resource), and lets Secrets Manager invoke the function.
          secret.addRotationSchedule('Schedule', {
            rotationLambda: rotationFunction,
            automaticallyAfter: Duration.days(declaration.rotation.days),
          });
          acknowledgeRotationFunction(rotationFunction);
          Validations.of(role).acknowledge({
            id: 'AwsSolutions-IAM5[Resource::*]',
            reason:
              'The rotation schedule grants secretsmanager:GetRandomPassword and active tracing grants xray:PutTraceSegments/PutTelemetryRecords, none of which has resource-level permissions; every other grant names this secret or log group.',
          });
        }
        secret.grantRead(props.function);
        references[name] = { source: 'secretsmanager', id: secret.secretArn };
        secrets.set(name, { name, source: 'secretsmanager', secret, ...(rotationFunction ? { rotationFunction } : {}) });
      } else {
        const parameterName = declaration.parameterName ?? `${stage.parameterPrefix}/${manifest.name}/secrets/${name}`;
        const parameter = StringParameter.fromSecureStringParameterAttributes(this, logicalName, { parameterName });
        parameter.grantRead(props.function);
        references[name] = { source: 'ssm', id: parameterName };
        secrets.set(name, { name, source: 'ssm', parameter });
      }
    }

    if (Object.keys(references).length > 0) {
      props.function.addEnvironment(SECRETS_ENV, Stack.of(this).toJsonString(references));
    }
    this.secrets = secrets;
  }
}

/** The cdk-nag findings a rotation function's design answers, with the reason, for `pnpm lint:policy`. */
function acknowledgeRotationFunction(fn: NodejsFunction): void {
  const runtime = 'Frontdesk pins nodejs22.x for every function so deployed and local code run one tested runtime.';
  Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: runtime });
  Validations.of(fn).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: runtime });
  Validations.of(fn).acknowledge({
    id: 'Serverless-LambdaDLQ',
    reason:
      'Secrets Manager invokes a rotation function step by step and records a failed rotation on the secret itself; a dead-letter queue would add nothing.',
  });
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
