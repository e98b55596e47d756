import { parseArgs } from 'node:util';
import { SUITE_NAMES, type SuiteName } from './results.ts';
import type { Mode } from './suite.ts';

export interface CliOptions {
  readonly mode: Mode;
  readonly suites: readonly SuiteName[];
  /** Where results go; `undefined` = docs/ for full runs, bench/results/ for quick ones. */
  readonly out?: string;
  /** Redraw benchmarks.md and benchmarks.svg from the folder's benchmarks.json; measure nothing. */
  readonly render: boolean;
  readonly help: boolean;
}

export const USAGE = `usage: pnpm bench [--quick] [--suite <name>]… [--out <dir>]
  --suite   run only these suites (repeat or comma-separate): ${SUITE_NAMES.join(', ')}
  --quick   one short round per measurement: checks the harness in about a minute per suite;
            results go to bench/results/ unless --out is given, never over docs/
  --out     folder for benchmarks.json, benchmarks.md and benchmarks.svg (default docs/)
  --render  redraw benchmarks.md and benchmarks.svg from benchmarks.json without measuring`;

/** Parses `pnpm bench` arguments; unknown suites and options are errors that name what is allowed. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      suite: { type: 'string', multiple: true },
      out: { type: 'string' },
      render: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const requested = (values.suite ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  for (const name of requested) {
    if (!SUITE_NAMES.includes(name as SuiteName)) throw new Error(`unknown suite "${name}"; suites are: ${SUITE_NAMES.join(', ')}`);
  }
  const suites = requested.length === 0 ? SUITE_NAMES : SUITE_NAMES.filter((name) => requested.includes(name));
  return {
    mode: values.quick ? 'quick' : 'full',
    suites,
    ...(values.out && { out: values.out }),
    render: values.render ?? false,
    help: values.help ?? false,
  };
}
