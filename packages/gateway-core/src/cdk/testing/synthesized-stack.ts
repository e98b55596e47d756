/**
 * An app's stack test reads the template `pnpm synth` wrote, rather than building the stack again.
 *
 * Why: building the stack (aws-cdk-lib loaded, constructs created, synthesized) costs ~1.3 CPU-s
 * per app, and the pipeline paid it twice, in `synth` and in the stack test. The cloud assembly is
 * also what `cdk deploy --app cdk.out` ships (bundles included), so the test checks the artifact.
 *
 * Freshness: every synthesis records what it read (`synth-inputs.ts`: the app's and its workspace
 * dependencies' files, the lockfile, STAGE and the other variables it reads) in the assembly. The
 * test reads cdk.out only when that record matches what it would read now, whoever started it:
 * under turbo (synth runs first, `dependsOn` in the app's turbo.json) it does; after an edit, or
 * in a clean checkout, the app's synth script runs first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { appStackName } from '../../contract/names.ts';
import { resolveStage, type Stage } from '../../stage.ts';
import { assemblyDir } from '../synth/cli-environment.ts';
import { recordedSynthInputs, synthInputs } from '../synth/synth-inputs.ts';

export interface SynthesizedStack {
  /** The stage synthesized: `STAGE`, as bin/app.ts resolves it. */
  readonly stage: Stage;
  readonly stackName: string;
  readonly template: Template;
}

/**
 * The app's stack for the current `STAGE` from its cloud assembly, synthesizing it first unless the
 * assembly records the inputs this process sees. `appName` is the manifest's name.
 */
export function synthesizedStack(appDir: string, appName: string, env: NodeJS.ProcessEnv = process.env): SynthesizedStack {
  const stage = resolveStage(env.STAGE);
  const stackName = appStackName(stage, appName);
  const outdir = assemblyDir(appDir, env);
  const inputs = synthInputs(appDir, env);
  let file = recordedSynthInputs(outdir) === inputs ? templateFile(outdir, stackName) : undefined;
  if (!file) {
    synthesize(appDir, env);
    if (recordedSynthInputs(outdir) !== inputs) {
      throw new Error(
        `the app's synth left no record of this synthesis in ${outdir} (frontdesk-synth-inputs.json): does the synth script run with --import @frontdesk/gateway-core/cdk/synth, and write there?`,
      );
    }
    file = templateFile(outdir, stackName);
  }
  if (!file) {
    throw new Error(`${join(outdir, 'manifest.json')} lists no stack ${stackName} after the app's synth: does bin/app.ts name it so?`);
  }
  return { stage, stackName, template: Template.fromJSON(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) };
}

/** The stack's template file, as the assembly's manifest names it, when it exists. */
function templateFile(outdir: string, stackName: string): string | undefined {
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  const { artifacts = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    artifacts?: Record<string, { type?: string; properties?: { templateFile?: string; stackName?: string } }>;
  };
  // A stack's artifact id is its construct id; the manifest names the stack only where the two differ.
  const template = Object.entries(artifacts).find(
    ([id, artifact]) => artifact.type === 'aws:cloudformation:stack' && (artifact.properties?.stackName ?? id) === stackName,
  )?.[1].properties?.templateFile;
  return template && existsSync(join(outdir, template)) ? join(outdir, template) : undefined;
}

/** `pnpm run synth` in the app folder, as a developer would; its output only when it fails. */
function synthesize(appDir: string, env: NodeJS.ProcessEnv): void {
  const run = spawnSync('pnpm', ['--silent', 'run', 'synth'], { cwd: appDir, env, encoding: 'utf8' });
  if (run.error) throw new Error(`pnpm run synth in ${appDir} could not start: ${run.error.message}`);
  if (run.status !== 0) {
    throw new Error(`pnpm run synth in ${appDir} failed (exit ${run.status ?? run.signal}):\n${`${run.stdout}${run.stderr}`.trim()}`);
  }
}
