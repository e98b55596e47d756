/**
 * `pnpm authz diff`: who can reach what changed between two revisions, classified for review.
 *
 *   tsx packages/cli/src/authz/main.ts diff [--base <ref>] [--stage <stage>] [--all] [--install-base]
 *       [--format markdown|json|sarif] [--output <file>]
 *
 * Exit status: 0 when no change needs the platform owner, 1 when one does, 2 when the command
 * itself fails or is misused.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@frontdesk/gateway-core/contract';

const USAGE =
  'usage: pnpm authz diff [--base <ref>] [--stage <stage>] [--all] [--install-base] [--format markdown|json|sarif] [--output <file>]';
const FORMATS = ['markdown', 'json', 'sarif'] as const;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        stage: { type: 'string' },
        all: { type: 'boolean', default: false },
        'install-base': { type: 'boolean', default: false },
        format: { type: 'string', default: 'markdown' },
        output: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'diff') {
    process.stderr.write(
      `${positionals.length === 0 ? 'missing the subcommand' : `unknown subcommand "${positionals.join(' ')}"`}: the only one is "diff"\n${USAGE}\n`,
    );
    return 2;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) {
    process.stderr.write(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")\n${USAGE}\n`);
    return 2;
  }
  let report;
  try {
    const { authzDiff } = await import('./authz-diff.ts');
    report = await authzDiff({
      root: findWorkspaceRoot(process.cwd()),
      ...(values.base === undefined ? {} : { base: values.base }),
      ...(values.stage === undefined ? {} : { stage: values.stage }),
      all: values.all,
      installBase: values['install-base'],
    });
  } catch (error) {
    process.stderr.write(`authz diff: ${(error as Error).message}\n`);
    return 2;
  }
  const { renderMarkdown } = await import('./render-markdown.ts');
  const { renderSarif } = await import('./render-sarif.ts');
  const text =
    format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'sarif' ? renderSarif(report) : renderMarkdown(report);
  if (values.output) {
    mkdirSync(dirname(resolve(values.output)), { recursive: true });
    writeFileSync(resolve(values.output), text);
    process.stderr.write(`${report.summary}${report.platformReviewRequired ? ' — platform review required' : ''}\n`);
  } else {
    process.stdout.write(text);
  }
  return report.platformReviewRequired ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
