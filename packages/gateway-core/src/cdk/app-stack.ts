import { join } from 'node:path';
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MANIFEST_FILE } from '../workspace/load.ts';
import { AppApi, type AppApiProps } from './app-api.ts';
import { markConstructSource } from './construct-source.ts';
import { EXTENSION_FILE, type StackExtension } from './extension/define-stack.ts';
import { grants } from './grants/policy-blocks.ts';
import { appStackName } from '../contract/names.ts';
import { stageStackProps } from './preview-isolation.ts';

export interface AppStackProps extends StackProps {
  /** The app's API: its manifest, its folder (where `app.config.ts` lives), its stage, and any other {@link AppApiProps}. */
  readonly api: AppApiProps;
  /**
   * The app's stack extension (`export default defineStack(...)` in `apps/<name>/stack.ts`), for
   * what the manifest does not declare. Its constructs live under `<stack>/Extension`.
   * @default - none
   */
  readonly extension?: StackExtension;
}

/**
 * The whole deployable unit of one app in one stage, named `frontdesk-<stage>-app-<name>`.
 * It reads the shared layer from SSM, so it deploys and rolls back without touching other stacks.
 *
 * @example
 * // apps/orders/bin/app.ts
 * new AppStack(new App(), 'Orders', { api: { manifest, appDir, stage: resolveStage() } });
 */
export class AppStack extends Stack {
  public readonly api: AppApi;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    const { api, extension, ...stackProps } = props;
    const { manifest, appDir, stage } = api;
    super(scope, id, {
      stackName: appStackName(stage, manifest.name),
      description: `Frontdesk app "${manifest.name}" (${manifest.owner}), stage ${stage.name}`,
      // Previews: their own bootstrap and a permissions boundary on every role (preview-isolation.ts).
      ...stageStackProps(stage),
      ...stackProps,
    });
    this.api = new AppApi(this, 'App', api);
    markConstructSource(this.api, join(appDir, MANIFEST_FILE));
    if (extension) {
      const scope = new Construct(this, 'Extension');
      markConstructSource(scope, join(appDir, EXTENSION_FILE));
      const { function: fn, tables } = this.api;
      extension({ scope, function: fn, tables: tables.tables, grants, stage, manifest, api: this.api });
    }
    Tags.of(this).add('frontdesk:stage', stage.name);
    Tags.of(this).add('frontdesk:app', manifest.name);
    Tags.of(this).add('frontdesk:owner', manifest.owner);

    // CI reads these from cdk-outputs.json (e.g. to comment a preview's URL).
    new CfnOutput(this, 'Url', { value: this.api.url, description: `Where clients call ${manifest.name}` });
    new CfnOutput(this, 'ApiEndpoint', { value: this.api.httpApi.apiEndpoint, description: "The API's own execute-api endpoint" });
    new CfnOutput(this, 'LiveAliasArn', { value: this.api.liveAlias.functionArn, description: 'The alias API Gateway invokes' });
  }
}
