import { DefaultStackSynthesizer, PermissionsBoundary, type StackProps } from 'aws-cdk-lib';
import type { Stage } from '../stage.ts';

/**
 * Previews deploy through their own CDK bootstrap (qualifier {@link PREVIEW_CDK_QUALIFIER}), never
 * through the one `dev` and `prod` use. The default bootstrap's deploy role may update any stack
 * and its execution role is AdministratorAccess; CloudFormation also reuses the role a stack was
 * created with for anyone allowed to update that stack, without `iam:PassRole`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html).
 * So the preview CI role may assume none of those roles: it deploys `frontdesk-pr-*` stacks
 * itself, passing only the preview bootstrap's execution role, which `cdk bootstrap
 * --custom-permissions-boundary` caps with {@link PREVIEW_PERMISSIONS_BOUNDARY}
 * (https://docs.aws.amazon.com/cdk/v2/guide/customize-permissions-boundaries.html). Every role a
 * preview stack creates carries the same boundary, which also refuses roles without it.
 * `.github/aws/deploy-roles.yml` creates the boundary; `pnpm run bootstrap --stage preview` the bootstrap.
 */
export const PREVIEW_CDK_QUALIFIER = 'fdpreview';

/** The managed policy capping the preview execution role and every role a preview stack creates. */
export const PREVIEW_PERMISSIONS_BOUNDARY = 'frontdesk-preview-boundary';

/** The bootstrap stack of the preview qualifier; `CDKToolkit` stays the default one's. */
export const PREVIEW_TOOLKIT_STACK = 'CDKToolkit-fdpreview';

/**
 * Stack props that put a stage's stack on the right bootstrap: the preview one, with the preview
 * permissions boundary, for `pr-<n>`; CDK's defaults otherwise.
 */
export function stageStackProps(stage: Stage): Pick<StackProps, 'synthesizer' | 'permissionsBoundary'> {
  if (stage.kind !== 'preview') return {};
  return {
    synthesizer: new DefaultStackSynthesizer({ qualifier: PREVIEW_CDK_QUALIFIER }),
    permissionsBoundary: PermissionsBoundary.fromName(PREVIEW_PERMISSIONS_BOUNDARY),
  };
}
