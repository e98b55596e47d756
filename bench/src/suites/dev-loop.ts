import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { groupRssMiB } from '../process/group-rss.ts';
import type { Figure } from '../results.ts';
import { SCRATCH_APPS, scratchWorkspace } from '../scratch/scratch-workspace.ts';
import { localGatewayMissing, startDev } from '../services/local-gateway.ts';
import type { Suite } from '../suite.ts';
import { figure, TARGETS } from '../targets.ts';

const ROUNDS = { full: { startup: 3, reload: 5 }, quick: { startup: 1, reload: 2 } } as const;

/** A handler that answers every route with the edit number, so a response shows which save it reflects. */
const handlerSource = (edit: number) =>
  `export const handler = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ edit: ${edit} }) });\n`;

/** The template's health answer: edited in place, the save rebuilds what a developer's save does (Powertools, the SDK clients). */
const TEMPLATE_HEALTH = "json(200, { status: 'ok' })";
const editedHandler = (original: string, edit: number) =>
  original.includes(TEMPLATE_HEALTH)
    ? original.replace(TEMPLATE_HEALTH, `json(200, { status: 'ok', edit: ${edit} })`)
    : handlerSource(edit);

/**
 * `pnpm dev` in the scratch copy: time from spawning it to the first answer of an app, with 2
 * apps and with every app — once with an empty bundle cache (`.frontdesk/cache` removed), then
 * restarted, as a developer restarts it (bundles from the cache); resident memory of the whole
 * process tree; and the time from saving a handler to the first response that reflects the save.
 */
export const devLoopSuite: Suite = {
  name: 'dev-loop',
  title: 'pnpm dev start-up, memory and reload',
  budgetMs: { full: 5 * 60_000, quick: 4 * 60_000 },
  unavailable: async () => (await localGatewayMissing()) ?? (await createAppMissing()),
  async run({ mode, log }) {
    const scratch = await scratchWorkspace(SCRATCH_APPS[mode], log);
    const [first, second] = scratch.created;
    if (!first || !second) throw new Error('the scratch workspace needs two apps made by create-app');
    const health = (port: number, app: string) => `http://127.0.0.1:${port}/${app}/health`;

    /** Spawn → `pnpm dev` answering 200 on an app's public route, which needs every app discovered and loaded. */
    const startup = async (probeApp: string) => {
      const begin = performance.now();
      const dev = await startDev(scratch.root, 60_000);
      await waitFor(health(dev.port, probeApp), (status) => status === 200);
      return { dev, ms: performance.now() - begin };
    };

    // Two apps: park every other app outside apps/ for these rounds.
    const parked = join(scratch.root, '.bench-parked-apps');
    await mkdir(parked, { recursive: true });
    const others = scratch.apps.filter((a) => a !== first && a !== second);
    for (const a of others) await rename(join(scratch.root, 'apps', a), join(parked, a));
    const two: number[] = [];
    const twoRss: number[] = [];
    const twoCold: number[] = [];
    const emptyCache = () => rm(join(scratch.root, '.frontdesk', 'cache'), { recursive: true, force: true });
    try {
      await emptyCache();
      const cold = await startup(second);
      twoCold.push(cold.ms);
      await cold.dev.started.stop();
      log(`start-up with 2 apps, empty bundle cache: ${Math.round(cold.ms)} ms`);
      for (let i = 1; i <= ROUNDS[mode].startup; i += 1) {
        const { dev, ms } = await startup(second);
        two.push(ms);
        twoRss.push((await groupRssMiB(dev.started.child.pid ?? 0)) ?? Number.NaN);
        await dev.started.stop();
        log(`start-up with 2 apps, round ${i}: ${Math.round(ms)} ms, RSS ${Math.round(twoRss.at(-1)!)} MiB`);
      }
    } finally {
      for (const a of await readdir(parked)) await rename(join(parked, a), join(scratch.root, 'apps', a));
    }

    // Every app: start-up, memory, then reload rounds on the first created app.
    const all = scratch.apps.length;
    const many: number[] = [];
    const manyRss: number[] = [];
    const manyCold: number[] = [];
    const reload: number[] = [];
    const handlerFile = join(scratch.root, 'apps', first, 'src/handler.ts');
    const originalHandler = await readFile(handlerFile, 'utf8');
    await writeFile(handlerFile, editedHandler(originalHandler, 0));
    try {
      await emptyCache();
      const cold = await startup(scratch.created.at(-1)!);
      manyCold.push(cold.ms);
      await cold.dev.started.stop();
      log(`start-up with ${all} apps, empty bundle cache: ${Math.round(cold.ms)} ms`);
      for (let i = 1; i <= ROUNDS[mode].startup; i += 1) {
        const last = scratch.created.at(-1)!;
        const { dev, ms } = await startup(last);
        many.push(ms);
        try {
          // Memory once every app has answered, as a developer's machine holds it.
          for (const app of scratch.created) await waitFor(health(dev.port, app), (status) => status === 200);
          manyRss.push((await groupRssMiB(dev.started.child.pid ?? 0)) ?? Number.NaN);
          log(`start-up with ${all} apps, round ${i}: ${Math.round(ms)} ms, RSS ${Math.round(manyRss.at(-1)!)} MiB`);
          if (i === 1) {
            for (let edit = 1; edit <= ROUNDS[mode].reload; edit += 1) {
              const saved = performance.now();
              await writeFile(handlerFile, editedHandler(originalHandler, edit));
              await waitFor(health(dev.port, first), (status, body) => status === 200 && body.includes(`"edit":${edit}`));
              reload.push(performance.now() - saved);
              log(`reload ${edit}: ${Math.round(reload.at(-1)!)} ms`);
              await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher settle between saves
            }
          }
        } finally {
          await dev.started.stop();
        }
      }
    } finally {
      // The pipeline suite tests this app next: give it back its own handler.
      await writeFile(handlerFile, originalHandler);
    }

    const figures: Figure[] = [
      figure({ id: 'dev-loop.startup-2', label: 'start-up with 2 apps, restarted', kind: 'time', unit: 'ms', samples: two }),
      figure({
        id: `dev-loop.startup-all`,
        label: `start-up with ${all} apps, restarted`,
        kind: 'time',
        unit: 'ms',
        samples: many,
        ...(all >= 20 && { target: TARGETS.startup20Apps }),
      }),
      figure({
        id: `dev-loop.startup-all-vs-2`,
        label: `start-up with ${all} apps vs 2 apps, restarted`,
        kind: 'time',
        unit: 'ms',
        samples: many,
        baseline: { label: 'with 2 apps', samples: two },
        ...(all >= 20 && { target: TARGETS.startup20VsTwo }),
      }),
      figure({
        id: `dev-loop.startup-all-cold`,
        label: `start-up with ${all} apps, empty bundle cache`,
        kind: 'time',
        unit: 'ms',
        samples: manyCold,
        baseline: { label: 'with 2 apps', samples: twoCold },
      }),
      figure({
        id: 'dev-loop.reload',
        label: 'save handler → first response reflecting it',
        kind: 'time',
        unit: 'ms',
        samples: reload,
        target: TARGETS.reload,
      }),
      figure({ id: 'dev-loop.rss-2', label: 'RSS with 2 apps', kind: 'memory', unit: 'MiB', samples: twoRss }),
      figure({
        id: 'dev-loop.rss-all',
        label: `RSS with ${all} apps`,
        kind: 'memory',
        unit: 'MiB',
        samples: manyRss,
        baseline: { label: 'with 2 apps', samples: twoRss },
      }),
    ];
    return {
      figures,
      method: [
        `\`pnpm dev\` in the scratch copy (${all} apps; ${scratch.notes.join('; ')}), on free ports. Start-up: from spawning \`pnpm dev\` to the first 200 from an app's \`GET /health\`; the 2-app rounds park the other apps outside \`apps/\`. For each app count, one start with \`.frontdesk/cache\` removed (every app bundled by esbuild), then ${ROUNDS[mode].startup} restart round(s) (bundles reused from the on-disk cache, as a developer's restart does); medians.`,
        `RSS: resident memory summed over the whole \`pnpm dev\` process group (pnpm, tsx, gateway, app workers) once every app answered.`,
        `Reload: ${ROUNDS[mode].reload} saves of \`apps/${first}/src/handler.ts\` (the created app's own handler, its health answer carrying a new edit number); time from the write to the first response carrying it, polling back to back.`,
      ],
    };
  },
};

async function createAppMissing(): Promise<string | undefined> {
  const { pipelineSuite } = await import('./pipeline.ts');
  return pipelineSuite.unavailable();
}

/** Polls `url` back to back until `done` accepts a response; gives up after 30 s. */
async function waitFor(url: string, done: (status: number, body: string) => boolean): Promise<void> {
  const deadline = performance.now() + 30_000;
  let last = '';
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      if (done(response.status, body)) return;
      last = `${response.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not give the expected answer within 30 s (last: ${last})`);
}
