import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';
import { childrenCpuMs } from '../process/children-cpu.ts';
import { run } from '../process/child.ts';
import type { Figure } from '../results.ts';
import { SCRATCH_APPS, scratchEnv, scratchWorkspace } from '../scratch/scratch-workspace.ts';
import type { Suite } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';
import { measureAppBundles } from './app-bundles.ts';
import { turboFailure } from './turbo-failure.ts';

/**
 * The issue's command (apps have no `build` script: `synth` bundles the handler); a quick run only
 * bundles, to check the harness (git, turbo, affected) without the heavy tasks.
 */
const TASKS = { full: ['build', 'test', 'synth'], quick: ['bundle'] } as const;
/** Rounds per figure: the cached re-run is cheap; one-app pairs and synth cost ~10–20 s each on 2 cores. */
const ROUNDS = { full: { cached: 3, oneApp: 2, synth: 2 }, quick: { cached: 1, oneApp: 1, synth: 1 } } as const;
/**
 * What the target names: the apps' tasks, plus those of the packages they depend on (`^build`).
 * `--affected` alone would also run every affected package's own tests (gateway-core's, the CLI's,
 * infra's, the repository-level tests in tests/repo), which are no per-app cost.
 */
const APPS_ONLY = '--filter=./apps/*';

/**
 * Wall time of `turbo run build test synth --affected --filter=./apps/*` in a scratch copy with 20 apps: after a
 * change to one app (against the same tasks filtered to that app alone), after a change to
 * gateway-core (every app affected), and a fully cached re-run; plus one app's `cdk synth`.
 */
export const pipelineSuite: Suite = {
  name: 'pipeline',
  title: 'Turborepo affected runs with 20 apps',
  budgetMs: { full: 22 * 60_000, quick: 10 * 60_000 },
  unavailable: async () => {
    const scripts =
      (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    if (!scripts['create-app']) return 'the root package.json has no "create-app" script';
    if (!existsSync(join(repoRoot, 'packages/cli/templates/app/package.json'))) return 'packages/cli/templates/app does not exist';
    return undefined;
  },
  async run({ mode, log, keep }) {
    const scratch = await scratchWorkspace(SCRATCH_APPS[mode], log);
    const { root } = scratch;
    const env = scratchEnv();
    const app = scratch.created[0];
    if (!app) throw new Error('the scratch workspace has no app made by create-app');
    const appPackage = (JSON.parse(await readFile(join(root, 'apps', app, 'package.json'), 'utf8')) as { name: string }).name;
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=frontdesk-bench', '-c', 'user.email=bench@localhost', ...args], { cwd: root, env, timeoutMs: 60_000 });
    const turbo = async (label: string, args: string[]) => {
      const begin = performance.now();
      await run(join(root, 'node_modules/.bin/turbo'), ['run', ...TASKS[mode], '--output-logs=errors-only', ...args], {
        cwd: root,
        env,
        timeoutMs: 16 * 60_000,
      }).catch((error: Error) => {
        throw turboFailure(label, error);
      });
      const ms = performance.now() - begin;
      log(`${label}: ${(ms / 1000).toFixed(1)} s`);
      return ms;
    };
    let edits = 0;
    /** A real content change (a comment with a fresh number), committed on the branch `--affected` compares with main. */
    const change = async (file: string) => {
      edits += 1;
      await appendFile(join(root, file), `\n// frontdesk-bench edit ${edits}\n`);
      await git('commit', '-q', '--no-verify', '-am', `bench edit ${edits}`);
    };
    const coreAffected: number[] = [];
    /** CPU time of the same run (turbo and every task), per app: its cost whatever else the machine ran. */
    const coreCpuPerApp: number[] = [];
    const cached: number[] = [];
    const single: number[] = [];
    const oneAffected: number[] = [];
    const synth: number[] = [];
    /** One app's test task on its own (`pnpm run test` in the app), for the breakdown. */
    const perTask = new Map<string, number[]>();
    let bundles: Figure[] = [];
    const apps = scratch.apps.length;
    /** Every figure whose rounds have run; kept after each step so a run stopped at its limit still reports them. */
    const figuresSoFar = (): Figure[] => [
      ...bundles,
      ...(oneAffected.length > 0 && single.length >= oneAffected.length
        ? [
            figure({
              id: 'pipeline.one-app-affected',
              label: `one app changed: --affected (${apps} apps)`,
              kind: 'time',
              unit: 'ms',
              samples: oneAffected,
              baseline: { label: 'same tasks, --filter to that app', samples: single },
              target: TARGETS.oneAppAffected,
            }),
          ]
        : []),
      ...(single.length > 0
        ? [figure({ id: 'pipeline.single-app', label: 'one app changed: --filter to that app', kind: 'time', unit: 'ms', samples: single })]
        : []),
      ...(coreAffected.length > 0
        ? [
            figure({
              id: 'pipeline.core-affected',
              label: `gateway-core changed: --affected (${apps} apps)`,
              kind: 'time',
              unit: 'ms',
              samples: coreAffected,
              ...(oneAffected.length > 0 && { baseline: { label: 'one app changed, --affected', samples: oneAffected } }),
            }),
            figure({
              id: 'pipeline.core-affected-per-app',
              label: `gateway-core changed: --affected, per app (÷ ${apps})`,
              kind: 'time',
              unit: 'ms',
              samples: coreAffected.map((ms) => ms / apps),
              target: TARGETS.coreAffectedPerApp,
            }),
          ]
        : []),
      ...(coreCpuPerApp.length > 0
        ? [
            figure({
              id: 'pipeline.core-affected-cpu-per-app',
              label: `gateway-core changed: CPU time per app (user + system, ÷ ${apps})`,
              kind: 'time',
              unit: 'ms',
              samples: coreCpuPerApp,
            }),
          ]
        : []),
      ...(cached.length > 0
        ? [
            figure({
              id: 'pipeline.cached',
              label: 'fully cached re-run',
              kind: 'time',
              unit: 'ms',
              samples: cached,
              target: TARGETS.cachedRerun,
            }),
          ]
        : []),
      ...(synth.length > 0
        ? [figure({ id: 'pipeline.synth-one-app', label: 'pnpm synth of one app', kind: 'time', unit: 'ms', samples: synth })]
        : []),
      ...[...perTask].map(([task, samples]) =>
        figure({ id: `pipeline.${task}-one-app`, label: `pnpm ${task} of one app`, kind: 'time', unit: 'ms', samples }),
      ),
    ];

    // 0. bundles and cold init: cheap, and independent of turbo.
    bundles = await measureAppBundles({
      root,
      templateApp: app,
      otherApps: scratch.apps.filter((name) => !scratch.created.includes(name)),
      env,
      mode,
      log,
    });
    keep(figuresSoFar());

    await git('checkout', '-q', '-b', 'bench-changes');

    // The cheap, target-bearing measurements first; the cold run of every app last, since on a
    // 2-core machine it alone takes most of the suite's time.
    // 1. one app changed: --affected against the same tasks filtered to that app, interleaved.
    for (let i = 0; i < ROUNDS[mode].oneApp; i += 1) {
      await change(`apps/${app}/src/handler.ts`);
      single.push(await turbo(`${app} changed, --filter=${appPackage}`, [`--filter=${appPackage}`]));
      await change(`apps/${app}/src/handler.ts`);
      oneAffected.push(await turbo(`${app} changed, --affected`, ['--affected', APPS_ONLY]));
      keep(figuresSoFar());
    }
    // 2. the same command again, nothing changed: every task from the cache.
    for (let i = 0; i < ROUNDS[mode].cached; i += 1) cached.push(await turbo('fully cached re-run', ['--affected', APPS_ONLY]));
    keep(figuresSoFar());
    // 3. one app's synthesis on its own, as `pnpm --filter <app> synth` runs it (no turbo cache).
    for (let i = 0; i < ROUNDS[mode].synth; i += 1) {
      const begin = performance.now();
      await run('pnpm', ['--filter', appPackage, 'run', 'synth'], { cwd: root, env, timeoutMs: 5 * 60_000 });
      synth.push(performance.now() - begin);
      log(`synth of ${app}: ${(synth.at(-1)! / 1000).toFixed(1)} s`);
      keep(figuresSoFar());
    }
    // 3b. the breakdown: the app's tests on their own, as turbo runs them on a cache miss.
    for (const task of ['test']) {
      const begin = performance.now();
      await run('pnpm', ['--filter', appPackage, 'run', task], { cwd: root, env, timeoutMs: 5 * 60_000 });
      perTask.set(task, [performance.now() - begin]);
      log(`${task} of ${app}: ${((performance.now() - begin) / 1000).toFixed(1)} s`);
      keep(figuresSoFar());
    }
    // 4. gateway-core changed: every app, the infra and the tooling are affected.
    await change('packages/gateway-core/src/stage.ts');
    const cpuBefore = childrenCpuMs();
    coreAffected.push(await turbo('gateway-core changed, --affected', ['--affected', APPS_ONLY]));
    const cpuAfter = childrenCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) {
      coreCpuPerApp.push((cpuAfter - cpuBefore) / apps);
      log(
        `gateway-core changed: ${((cpuAfter - cpuBefore) / 1000).toFixed(1)} CPU-s in all, ${(coreCpuPerApp[0]! / 1000).toFixed(1)} per app`,
      );
    }

    const figures = figuresSoFar();
    return {
      figures,
      method: [
        `Scratch copy with ${apps} apps (${scratch.created.length} made by \`pnpm create-app\`): ${scratch.notes.join('; ')}. A copy of the working files installed from the pnpm store was chosen over \`git worktree\`, which would miss work not yet committed and install the same way.`,
        `Command: \`turbo run ${TASKS[mode].join(' ')} --affected ${APPS_ONLY}\` (or \`--filter=<app>\`) against \`main\`: the affected apps' tasks and the \`^build\` of the packages they depend on; the affected packages' own tests (gateway-core, CLI, infra, tests/repo) are left out, as no per-app cost. Each change appends a comment to a source file and commits it on a branch, so content hashes change as in a real edit. Rounds: ${ROUNDS[mode].oneApp} one-app pair(s), ${ROUNDS[mode].cached} cached re-run(s), ${ROUNDS[mode].synth} synth(s), one gateway-core run (every app rebuilt, tested and synthesized); medians.`,
        'CPU time per app: user + system time of turbo and every process it waited for (/proc/self/stat cutime + cstime around the run) ÷ the number of apps; unlike wall time it does not grow with what else the machine runs, and ÷ 2 cores it is the wall time per app an otherwise idle machine could reach at best.',
        'Wall time includes turbo start-up and hashing; `pnpm synth` includes esbuild bundling of the app handler. Per app = the gateway-core run ÷ the number of apps (2 cores, turbo runs tasks in parallel).',
        "Bundles: each app's own `pnpm bundle` (`bundleHandler`: minified, node22, `@aws-sdk/*` external, as NodejsFunction ships it); 1 KB = 1024 bytes. Cold init: `await import()` of the bundle in a fresh `node` process (process start excluded), interleaved with an empty handler module in the same folder; medians.",
      ],
    };
  },
};
