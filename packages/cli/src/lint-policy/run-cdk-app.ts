import { pathToFileURL } from 'node:url';
import type { App } from 'aws-cdk-lib';

/**
 * aws-cdk-lib calls `globalThis[Symbol.for('@aws-cdk/core.App#initHook')]` with every `App` at the
 * end of its constructor (aws-cdk-lib/core/lib/app.ts; its own assertions library uses the hook).
 * It is how a CDK app written as a script — `new App()` at the top of `bin/app.ts` — can be run
 * and inspected without changing a line of it. If a future aws-cdk-lib dropped the hook, no App
 * would be seen and the lint fails closed with FD-SYNTH-001 instead of passing unchecked code.
 */
const APP_INIT_HOOK = Symbol.for('@aws-cdk/core.App#initHook');

type Hooked = typeof globalThis & { [APP_INIT_HOOK]?: (app: App) => void };

let runs = 0;

/**
 * Imports a CDK app's entry file (a fresh copy each time, so one process can run it for several
 * stages), passes each `App` it constructs to `prepare` before any construct is added to it, and
 * returns what `use` makes of those apps; `env` is set for all of it (construction and synthesis
 * both read the environment). Runs one entry at a time.
 */
export async function runCdkApp<T>(
  entry: string,
  env: Record<string, string>,
  prepare: (app: App) => void,
  use: (apps: App[]) => T,
): Promise<T> {
  const hooked = globalThis as Hooked;
  const previousHook = hooked[APP_INIT_HOOK];
  const previousEnv = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const apps: App[] = [];
  hooked[APP_INIT_HOOK] = (app) => {
    previousHook?.(app);
    prepare(app);
    apps.push(app);
  };
  Object.assign(process.env, env);
  try {
    const url = pathToFileURL(entry);
    url.search = `?lint=${++runs}`;
    await import(url.href);
    hooked[APP_INIT_HOOK] = previousHook;
    return use(apps);
  } finally {
    hooked[APP_INIT_HOOK] = previousHook;
    for (const [name, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
