/**
 * `pnpm lint:policy`: Frontdesk's policy rules and cdk-nag (AwsSolutions + Serverless) over
 * every app's manifest and synthesized stack and the shared layer's stack.
 *
 *   tsx packages/cli/src/lint-policy/main.ts [--workspace <dir>] [--manifests-only]
 *       [--format text|json|sarif] [--output <file>] [--stage <stage>]
 *
 * Exit status: 0 without error-level findings, 1 with any, 2 when the command itself is misused.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@frontdesk/gateway-core/contract';

const USAGE = 'usage: lint-policy [--workspace <dir>] [--manifests-only] [--format text|json|sarif] [--output <file>] [--stage <stage>]';
const FORMATS = ['text', 'json', 'sarif'] as const;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        'manifests-only': { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        stage: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) {
    process.stderr.write(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")\n${USAGE}\n`);
    return 2;
  }
  const root = findWorkspaceRoot(process.cwd());
  let outcome;
  try {
    const { lintPolicy } = await import('./lint.ts');
    outcome = await lintPolicy({
      root,
      ...(values.workspace === undefined ? {} : { workspace: resolve(values.workspace) }),
      manifestsOnly: values['manifests-only'],
      stage: values.stage ?? process.env.STAGE,
    });
  } catch (error) {
    process.stderr.write(`lint-policy: ${(error as Error).message}\n`);
    return 2;
  }
  const report = outcome.render(format);
  if (values.output) {
    mkdirSync(dirname(resolve(values.output)), { recursive: true });
    writeFileSync(resolve(values.output), report);
    process.stderr.write(outcome.render('text'));
  } else {
    process.stdout.write(report);
  }
  return outcome.errors > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
