/**
 * `pnpm run bootstrap --stage dev|prod|preview [--print] [-- <more cdk bootstrap arguments>]`:
 * prepares an account and region for Frontdesk's deploys with the CDK CLI pinned in the catalog.
 * `dev` and `prod` use CDK's default bootstrap; `preview` (or any `pr-<n>`) its own, under the
 * qualifier previews synthesize with, every bootstrap role capped by the preview permissions
 * boundary that `.github/aws/deploy-roles.yml` creates (deploy that template first).
 * https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-bootstrap.html
 * https://docs.aws.amazon.com/cdk/v2/guide/customize-permissions-boundaries.html
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveStage } from '@frontdesk/gateway-core';
import { PREVIEW_CDK_QUALIFIER, PREVIEW_PERMISSIONS_BOUNDARY, PREVIEW_TOOLKIT_STACK } from '@frontdesk/gateway-core/cdk';

const USAGE =
  'usage: pnpm run bootstrap --stage <dev|prod|preview> [--print] [-- <cdk bootstrap arguments, e.g. aws://111122223333/eu-west-1>]';

/** The `cdk` arguments that bootstrap for `stage` (`preview` stands for every `pr-<n>`). */
export function bootstrapArguments(stage: string, extra: readonly string[] = []): string[] {
  const kind = stage === 'preview' ? 'preview' : resolveStage(stage).kind;
  const common = ['bootstrap', '--no-notices'];
  if (kind !== 'preview') return [...common, '--termination-protection', ...extra];
  return [
    ...common,
    '--qualifier',
    PREVIEW_CDK_QUALIFIER,
    '--toolkit-stack-name',
    PREVIEW_TOOLKIT_STACK,
    '--custom-permissions-boundary',
    PREVIEW_PERMISSIONS_BOUNDARY,
    // The deploy, publishing and lookup roles too, not only the execution role.
    '--apply-permissions-boundary-to-all-roles',
    ...extra,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    options: {
      stage: { type: 'string' },
      print: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.stage === undefined) {
    console.error(`--stage is required\n${USAGE}`);
    process.exit(2);
  }
  let args: string[];
  try {
    args = bootstrapArguments(values.stage, positionals);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  // From the repository root, which has no cdk.json: the CLI then bootstraps the account and
  // region of the current credentials instead of synthesizing an app to find them.
  const root = fileURLToPath(new URL('../..', import.meta.url));
  console.log(`cdk ${args.join(' ')}`);
  if (values.print) process.exit(0);
  const result = spawnSync('pnpm', ['exec', 'cdk', ...args], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
