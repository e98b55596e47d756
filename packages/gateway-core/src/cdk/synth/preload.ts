/**
 * `frontdesk-ts --import @frontdesk/gateway-core/cdk/synth bin/app.ts` (or `node --import tsx …`): synthesizes the app
 * in the current folder into `cdk.out` as `cdk synth` would, without the CDK CLI's process.
 *
 * Why: the CLI's own start-up (seconds) and a second process to run the app came on top of every
 * app's synthesis. Here the app runs in this process with the environment the CLI would give it
 * (`cli-environment.ts`); `new App()` synthesizes itself when the process is about to exit
 * (CDK_OUTDIR set). `cdk deploy --app cdk.out` deploys the result; `cdk deploy` alone still
 * synthesizes through the CLI. When only the CLI can tell the account or region, it runs the CLI.
 *
 * CDK's built-in CloudFormation schema check is off here (CDK_VALIDATION=false, unless set): it
 * costs ~6 s of WebAssembly start-up per app, it only warns by default, and it still runs under
 * `cdk deploy` and `cdk synth`; CloudFormation validates the template at deploy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemblyDir, synthPlan } from './cli-environment.ts';
import { forgetSynthesis, recordSynthInputs, synthInputs } from './synth-inputs.ts';

const outdir = assemblyDir(process.cwd());
// What this synthesis reads, taken before it starts; recorded beside the templates for stack tests.
const inputs = synthInputs(process.cwd());
forgetSynthesis(outdir);
const plan = synthPlan(process.cwd());
if (!plan.direct) {
  console.error(`frontdesk synth: ${plan.reason}; running cdk synth instead`);
  // --output: where this synth writes without the CLI (CDK_OUTDIR, cdk.json's output, cdk.out), so
  // both ways fill the same folder (the CLI otherwise sets CDK_OUTDIR for the app to its own choice).
  const cli = spawnSync('cdk', ['synth', '--quiet', '--no-notices', '--output', outdir], { stdio: 'inherit' });
  if (cli.status === 0) recordSynthInputs(outdir, inputs);
  process.exit(cli.status ?? 1);
}
Object.assign(process.env, plan.env);
process.env.CDK_VALIDATION ??= 'false';

process.once('exit', (code) => {
  if (code !== 0) return;
  const manifest = join(outdir, 'manifest.json');
  if (!existsSync(manifest)) {
    console.error(`frontdesk synth: ${manifest} was not written: does bin/app.ts construct an App?`);
    process.exitCode = 1;
    return;
  }
  type Metadata = Record<string, { type: string; data?: unknown }[]>;
  const written = JSON.parse(readFileSync(manifest, 'utf8')) as {
    missing?: { key: string }[];
    artifacts?: Record<string, { metadata?: Metadata; additionalMetadataFile?: string }>;
  };
  // Errors the app annotated (Annotations.addError, failed validations): `cdk synth` reports them
  // and exits 1 ("Synthesis finished with errors"); so does this synth, leaving no record. They sit
  // in the manifest or, since CDK 2.1xx, in each stack's `<stack>.metadata.json`.
  const errors = Object.values(written.artifacts ?? {}).flatMap((artifact) => {
    const extra = artifact.additionalMetadataFile ? join(outdir, artifact.additionalMetadataFile) : undefined;
    const metadata: Metadata = {
      ...artifact.metadata,
      ...(extra && existsSync(extra) ? (JSON.parse(readFileSync(extra, 'utf8')) as Metadata) : {}),
    };
    return Object.entries(metadata).flatMap(([path, entries]) =>
      entries.filter((entry) => entry.type === 'aws:cdk:error').map((entry) => `${path}: ${String(entry.data)}`),
    );
  });
  if (errors.length > 0) {
    console.error(`frontdesk synth: the app reported errors, as cdk synth would:\n${errors.join('\n')}`);
    process.exitCode = 1;
    return;
  }
  // Context lookups (fromLookup) need the CLI and AWS credentials: fail rather than write a placeholder template.
  const missing = written.missing ?? [];
  if (missing.length > 0) {
    console.error(
      `frontdesk synth: the app needs context lookups (${missing.map((entry) => entry.key).join(', ')}); run cdk synth with AWS credentials once to fill cdk.context.json`,
    );
    process.exitCode = 1;
    return;
  }
  recordSynthInputs(outdir, inputs);
});
