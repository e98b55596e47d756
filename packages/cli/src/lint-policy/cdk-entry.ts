import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The `app` command `cdk synth`/`cdk deploy` run when a workspace's cdk.json says nothing else. */
const DEFAULT_ENTRY = 'bin/app.ts';
const SCRIPT = /^[\w\-./]+\.(ts|mts|js|mjs|cjs)$/;

/**
 * The file the CDK CLI runs for the workspace in `dir`: the script named by cdk.json's `app`
 * command (`tsx bin/app.ts`, `npx tsx bin/app.ts`, `node bin/app.js`), so the lint synthesizes
 * exactly what `cdk deploy` deploys. Throws, naming the fix, when there is no such script.
 */
export function cdkAppEntry(dir: string): string {
  const cdkJson = join(dir, 'cdk.json');
  let entry = DEFAULT_ENTRY;
  if (existsSync(cdkJson)) {
    let command: unknown;
    try {
      command = (JSON.parse(readFileSync(cdkJson, 'utf8')) as { app?: unknown }).app;
    } catch (error) {
      throw new Error(`${cdkJson} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof command !== 'string') throw new Error(`${cdkJson} has no "app" command; write e.g. "app": "tsx bin/app.ts"`);
    const script = command
      .trim()
      .split(/\s+/)
      .findLast((word) => SCRIPT.test(word));
    if (!script)
      throw new Error(`${cdkJson} "app" (${command}) names no .ts/.js script the lint can synthesize; write e.g. "app": "tsx bin/app.ts"`);
    entry = script;
  }
  const file = join(dir, entry);
  if (!existsSync(file))
    throw new Error(`${file} does not exist: the CDK app that deploys this workspace is missing (cdk.json "app" names it)`);
  return file;
}
