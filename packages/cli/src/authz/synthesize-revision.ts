/**
 * Runs in a child process, once per revision: loads the revision's manifests and synthesizes its
 * app stacks and shared stack with the revision's OWN gateway-core, aws-cdk-lib and infra code,
 * then prints them as one JSON document on stdout.
 *
 *   node --import tsx synthesize-revision.ts --root <dir> --stage <stage> [--app <name>]… [--shared]
 *
 * Why not `synthesizeApp` from lint-policy/synthesize.ts: that module binds the aws-cdk-lib and
 * gateway-core the CLI itself was loaded with (head). A base revision must be built by the
 * constructs it shipped with, or a construct change (aws-cdk#30444 silently dropped authorizer
 * scopes) would vanish from the diff. The synthesis context is shared (LINT_CONTEXT).
 *
 * Only node built-ins and this package's pure modules are imported statically.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LINT_CONTEXT } from '../lint-policy/synth-context.ts';
import type { RevisionApp, RevisionSnapshot } from './snapshot.ts';

type Module = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The gateway-core a revision ships: `packages/gateway-core` inside it, else (a workspace that
 * consumes gateway-core from elsewhere, as the tests' throwaway repositories do) the CLI's own.
 */
export function gatewayCoreDir(root: string): string {
  const own = join(root, 'packages/gateway-core');
  return existsSync(join(own, 'package.json')) ? own : OWN_GATEWAY_CORE;
}

/** The gateway-core this CLI itself runs with. */
export const OWN_GATEWAY_CORE = fileURLToPath(new URL('../../../gateway-core/', import.meta.url));

async function importExport(packageDir: string, subpath: string): Promise<Module> {
  const { exports } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, string> };
  const target = exports[subpath];
  if (typeof target !== 'string') throw new Error(`${packageDir}/package.json exports no "${subpath}"`);
  return (await import(pathToFileURL(join(packageDir, target)).href)) as Module;
}

/** aws-cdk-lib as the revision's gateway-core resolves it: construct identity requires the same copy. */
async function cdkLibFor(packageDir: string): Promise<Module> {
  const file = createRequire(join(packageDir, 'package.json')).resolve('aws-cdk-lib');
  const loaded = (await import(pathToFileURL(file).href)) as Module;
  return (loaded.App ? loaded : loaded.default) as Module;
}

function synth(cdk: Module, build: (app: unknown) => void): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), 'frontdesk-authz-'));
  try {
    const app = new cdk.App({ outdir, context: { ...LINT_CONTEXT }, builtinCloudFormationValidation: false });
    build(app);
    const [stack] = app.synth().stacks as { template: Record<string, unknown> }[];
    if (!stack) throw new Error('the CDK app synthesized no stack');
    return stack.template;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export async function synthesizeRevision(root: string, stageName: string | undefined, only: readonly string[] | undefined, shared: boolean): Promise<RevisionSnapshot> {
  const core = gatewayCoreDir(root);
  const [{ resolveStage }, workspace] = await Promise.all([importExport(core, '.'), importExport(core, './workspace')]);
  const stage = resolveStage(stageName);
  const { apps, broken } = (await workspace.loadWorkspace(root)) as {
    apps: { dir: string; manifestFile: string; manifest: Record<string, unknown> & { name: string } }[];
    broken: { dir: string; manifestFile: string; error: Error }[];
  };
  const selected = apps.filter((app) => only === undefined || only.includes(relative(join(root, 'apps'), app.dir)));
  const needsCdk = selected.length > 0 || shared;
  const cdk = needsCdk ? await cdkLibFor(core) : undefined;
  const cdkMod = needsCdk ? await importExport(core, './cdk') : undefined;

  const result: RevisionApp[] = [];
  for (const app of selected) {
    const entry: RevisionApp = { folder: relative(join(root, 'apps'), app.dir), manifestFile: relative(root, app.manifestFile), manifest: app.manifest };
    try {
      entry.template = synth(cdk!, (scope) => {
        new cdkMod!.AppStack(scope, cdkMod!.appStackName(stage, app.manifest.name), { manifest: app.manifest, appDir: app.dir, stage });
      });
    } catch (error) {
      entry.synthError = (error as Error).message.split('\n')[0];
    }
    result.push(entry);
  }
  const snapshot: RevisionSnapshot = {
    stage: stage.name,
    apps: result,
    broken: broken
      .map((app) => ({ folder: relative(join(root, 'apps'), isAbsolute(app.dir) ? app.dir : join(root, app.dir)), manifestFile: app.manifestFile, error: app.error.message.split('\n')[0] ?? '' }))
      .filter((app) => only === undefined || only.includes(app.folder)),
  };
  const infraSource = join(root, 'infra/src');
  if (shared && existsSync(join(infraSource, 'gateway-stack.ts'))) {
    try {
      const { GatewayStack } = (await import(pathToFileURL(join(infraSource, 'gateway-stack.ts')).href)) as Module;
      const { stageConfig } = (await import(pathToFileURL(join(infraSource, 'stage-config.ts')).href)) as Module;
      snapshot.shared = {
        template: synth(cdk!, (scope) => {
          new GatewayStack(scope, cdkMod!.gatewayStackName(stage), { gateway: { stage, ...stageConfig(stage) } });
        }),
      };
    } catch (error) {
      snapshot.shared = { synthError: (error as Error).message.split('\n')[0] };
    }
  }
  return snapshot;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { root: { type: 'string' }, stage: { type: 'string' }, app: { type: 'string', multiple: true }, all: { type: 'boolean' }, shared: { type: 'boolean' } },
  });
  if (!values.root) throw new Error('--root is required');
  const snapshot = await synthesizeRevision(values.root, values.stage, values.all ? undefined : (values.app ?? []), values.shared ?? false);
  process.stdout.write(JSON.stringify(snapshot));
}
