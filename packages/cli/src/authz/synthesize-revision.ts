/**
 * Loads one revision's manifests and synthesizes its app stacks and shared stack the way
 * `cdk synth` does — each workspace's own CDK app (cdk.json's script, `bin/app.ts` and all it
 * imports), run through lint-policy's `runCdkApp` — and returns them as plain JSON. The base runs
 * in a child process (printing the JSON on stdout):
 *
 *   node --import tsx synthesize-revision.ts --root <dir> --stage <stage> [--app <folder>]… [--all] [--shared]
 *
 * Everything the revision's CDK apps import (gateway-core, aws-cdk-lib) resolves from the
 * revision itself, so a base is built by the constructs it shipped with and a construct change
 * that alters authorization (aws-cdk#30444 silently dropped authorizer scopes) shows in the diff.
 * Statically, only node built-ins and modules that import no aws-cdk-lib are loaded here.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { App } from 'aws-cdk-lib';
import type { CfnTemplate } from '@frontdesk/gateway-core/policy';
import { cdkAppEntry } from '../lint-policy/cdk-entry.ts';
import { runCdkApp } from '../lint-policy/run-cdk-app.ts';
import { LINT_CONTEXT } from '../lint-policy/synth-context.ts';
import type { RevisionApp, RevisionSnapshot } from './snapshot.ts';

// biome-ignore lint/suspicious/noExplicitAny: a revision's gateway-core is loaded at run time; its exports are typed at their use.
type Module = Record<string, any>;

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

/**
 * Runs the CDK app of the workspace in `dir` for `stage` and returns its stacks' resources as one
 * template (a Frontdesk workspace deploys one stack; should one deploy more, their resources are
 * reviewed together — CDK logical ids embed the construct path, so they do not collide).
 */
async function synthesizeWorkspace(dir: string, stage: string): Promise<CfnTemplate> {
  // No CDK_OUTDIR: with it set, every App synthesizes itself again when the process is about to
  // exit (autoSynth), into a folder this function has already removed. Each App gets its own
  // temporary outdir instead, removed once its templates are read.
  const env = { STAGE: stage, CDK_VALIDATION: 'false' };
  const prepare = (app: App) => {
    for (const [key, value] of Object.entries(LINT_CONTEXT)) app.node.setContext(key, value);
  };
  return runCdkApp(cdkAppEntry(dir), env, prepare, (apps) => {
    if (apps.length === 0) throw new Error(`${relative(process.cwd(), dir) || dir}'s CDK app constructed no App`);
    const resources: Record<string, unknown> = {};
    for (const app of apps) {
      try {
        for (const stack of app.synth().stacksRecursively) Object.assign(resources, (stack.template as CfnTemplate).Resources ?? {});
      } finally {
        rmSync(app.outdir, { recursive: true, force: true });
      }
    }
    return { Resources: resources } as CfnTemplate;
  });
}

export async function synthesizeRevision(
  root: string,
  stageName: string | undefined,
  only: readonly string[] | undefined,
  shared: boolean,
): Promise<RevisionSnapshot> {
  const core = gatewayCoreDir(root);
  const [{ resolveStage }, workspace] = await Promise.all([importExport(core, '.'), importExport(core, './workspace')]);
  const stage = (resolveStage as (name: string | undefined) => { name: string })(stageName);
  const { apps, broken } = (await workspace.loadWorkspace(root)) as {
    apps: { dir: string; manifestFile: string; manifest: Record<string, unknown> & { name: string } }[];
    broken: { dir: string; manifestFile: string; error: Error }[];
  };
  const folderOf = (dir: string) => relative(join(root, 'apps'), isAbsolute(dir) ? dir : join(root, dir));
  const result: RevisionApp[] = [];
  for (const app of apps.filter((candidate) => only === undefined || only.includes(folderOf(candidate.dir)))) {
    const entry: RevisionApp = { folder: folderOf(app.dir), manifestFile: relative(root, app.manifestFile), manifest: app.manifest };
    try {
      entry.template = await synthesizeWorkspace(app.dir, stage.name);
    } catch (error) {
      entry.synthError = (error as Error).message.split('\n')[0];
    }
    result.push(entry);
  }
  const snapshot: RevisionSnapshot = {
    stage: stage.name,
    apps: result,
    broken: broken
      .map((app) => ({ folder: folderOf(app.dir), manifestFile: app.manifestFile, error: app.error.message.split('\n')[0] ?? '' }))
      .filter((app) => only === undefined || only.includes(app.folder)),
  };
  if (shared && existsSync(join(root, 'infra'))) {
    try {
      snapshot.shared = { template: await synthesizeWorkspace(join(root, 'infra'), stage.name) };
    } catch (error) {
      snapshot.shared = { synthError: (error as Error).message.split('\n')[0] };
    }
  }
  return snapshot;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      root: { type: 'string' },
      stage: { type: 'string' },
      app: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      shared: { type: 'boolean' },
    },
  });
  if (!values.root) throw new Error('--root is required');
  const snapshot = await synthesizeRevision(values.root, values.stage, values.all ? undefined : (values.app ?? []), values.shared ?? false);
  process.stdout.write(JSON.stringify(snapshot));
}
