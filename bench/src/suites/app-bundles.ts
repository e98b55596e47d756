import { spawnSync } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../process/child.ts';
import type { Figure } from '../results.ts';
import type { Mode } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';

/** Fresh `node` processes per module for the cold-init medians, interleaved with the empty handler's. */
const INIT_ROUNDS: Readonly<Record<Mode, number>> = { full: 15, quick: 3 };

/** The baseline: a handler module with nothing in it, in the same folder, run the same way. */
const EMPTY_HANDLER = 'export const handler = async () => ({ statusCode: 200 });\n';

/**
 * Imports `file` in a fresh Node process and reports the import's wall time: the module
 * evaluation Lambda's init phase runs (the process start itself is excluded, as in Lambda).
 */
function coldInitMs(file: string, env: NodeJS.ProcessEnv): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`cold init of ${file} failed: ${child.stderr}`);
  return Number(child.stdout);
}

export interface AppBundleInput {
  readonly root: string;
  /** The app made from `packages/cli/templates/app` by create-app: it carries the target. */
  readonly templateApp: string;
  /** Other apps whose bundles are reported beside it (the example apps). */
  readonly otherApps: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly mode: Mode;
  readonly log: (line: string) => void;
}

/**
 * Each app's handler bundle as its own `pnpm bundle` makes it (`bundleHandler`, the recipe
 * NodejsFunction ships: minified, node22, `@aws-sdk/*` external), and the template app's cold init
 * in fresh Node processes beside an empty handler's.
 */
export async function measureAppBundles({ root, templateApp, otherApps, env, mode, log }: AppBundleInput): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const app of [templateApp, ...otherApps]) {
    await run('pnpm', ['run', 'bundle'], { cwd: join(root, 'apps', app), env, timeoutMs: 5 * 60_000 });
    const kb = (await stat(join(root, 'apps', app, 'dist/handler.mjs'))).size / 1024;
    log(`${app} bundle: ${kb.toFixed(1)} KB`);
    const isTemplate = app === templateApp;
    figures.push(
      figure({
        id: isTemplate ? 'pipeline.template-bundle' : `pipeline.bundle.${app}`,
        label: isTemplate ? 'template app bundle (minified, @aws-sdk external)' : `${app} app bundle`,
        kind: 'size',
        unit: 'KB',
        samples: [kb],
        ...(isTemplate && { target: TARGETS.templateBundle }),
      }),
    );
  }

  const dist = join(root, 'apps', templateApp, 'dist');
  const empty = join(dist, 'empty-handler.mjs');
  await writeFile(empty, EMPTY_HANDLER);
  const initEnv = { ...env, FRONTDESK_APP: templateApp, POWERTOOLS_LOG_LEVEL: 'ERROR' };
  const handlerMs: number[] = [];
  const emptyMs: number[] = [];
  for (let i = 0; i < INIT_ROUNDS[mode]; i += 1) {
    handlerMs.push(coldInitMs(join(dist, 'handler.mjs'), initEnv));
    emptyMs.push(coldInitMs(empty, initEnv));
  }
  const init = figure({
    id: 'pipeline.template-init',
    label: 'template app cold init (fresh node process)',
    kind: 'time',
    unit: 'ms',
    samples: handlerMs,
    baseline: { label: 'an empty handler module', samples: emptyMs },
  });
  log(`template cold init: ${init.value.toFixed(1)} ms (empty handler ${init.baseline?.value.toFixed(1)} ms)`);
  return [...figures, init];
}
