/**
 * `pnpm preview:comment --stage pr-12 --markdown preview-comment.md [--verify verify.md]`: reads the outputs files the
 * deploy scripts wrote (`infra/cdk-outputs.json`, `apps/<name>/cdk-outputs.json`, each
 * `{ "<stack>": { "<OutputKey>": "<value>" } }`), writes the pull request comment listing every
 * URL output, and prints `gateway-url=<url>` for `$GITHUB_OUTPUT` (the environment's link).
 * `--verify` appends the report `pnpm verify --format markdown` wrote (or says it wrote none).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const OUTPUTS_FILE = 'cdk-outputs.json';

/** One URL a deployed stack reported. */
export interface PreviewUrl {
  readonly workspace: string;
  readonly stack: string;
  readonly output: string;
  readonly url: string;
}

/** Every outputs file of the shared stack and the apps, shared stack first. */
function outputsFiles(root: string): { workspace: string; file: string }[] {
  const appsDir = join(root, 'apps');
  const apps = existsSync(appsDir)
    ? readdirSync(appsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
        .map((name) => ({ workspace: `apps/${name}`, file: join(appsDir, name, OUTPUTS_FILE) }))
    : [];
  return [{ workspace: 'infra', file: join(root, 'infra', OUTPUTS_FILE) }, ...apps].filter(({ file }) => existsSync(file));
}

/** The outputs whose values are http(s) URLs, in file, stack and output-key order. */
export function previewUrls(root: string): PreviewUrl[] {
  return outputsFiles(root).flatMap(({ workspace, file }) => {
    let stacks: Record<string, Record<string, unknown>>;
    try {
      stacks = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    } catch (error) {
      throw new Error(`${file}: not a CDK outputs file: ${(error as Error).message}`, { cause: error });
    }
    return Object.entries(stacks).flatMap(([stack, outputs]) =>
      Object.entries(outputs ?? {})
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^https?:\/\//.test(entry[1]))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([output, url]) => ({ workspace, stack, output, url })),
    );
  });
}

/** `verifyReport`: the Markdown `pnpm verify` wrote; empty when it stopped before reporting. */
/**
 * The preview's one front door: the shared stack's `Url` output, present only when the stage has
 * a custom domain (every app under its base path there). Without one there is none to name.
 */
export function frontDoor(urls: readonly PreviewUrl[]): string | undefined {
  return urls.find((url) => url.workspace === 'infra' && url.output === 'Url')?.url;
}

export function previewComment(stage: string, urls: readonly PreviewUrl[], commit?: string, verifyReport?: string): string {
  const lines = [`### Preview \`${stage}\``, ''];
  if (urls.length === 0) {
    lines.push('The deploy reported no URLs.');
  } else {
    lines.push('| workspace | stack | output | URL |', '| --- | --- | --- | --- |');
    for (const { workspace, stack, output, url } of urls) lines.push(`| ${workspace} | ${stack} | ${output} | ${url} |`);
  }
  if (urls.length > 0 && frontDoor(urls) === undefined) {
    lines.push(
      '',
      'No preview domain: each app answers on its own execute-api URL above, with no base path, and DPoP proofs name that URL (`htu`). ' +
        '`pnpm verify` needs one front door: set `FRONTDESK_DOMAIN_NAME={stage}.preview.<your zone>` (with a wildcard certificate) in the `preview` environment.',
    );
  }
  if (commit) lines.push('', `Deployed from ${commit}. Destroyed when this pull request closes.`);
  if (verifyReport !== undefined) {
    lines.push(
      '',
      verifyReport.trim() || '#### `pnpm verify` FAILED before writing a report: see the "Verify the preview" step of the workflow run.',
    );
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { stage: { type: 'string' }, markdown: { type: 'string' }, verify: { type: 'string' } } });
  if (!values.stage || !values.markdown) {
    console.error('usage: pnpm preview:comment --stage <stage> --markdown <file> [--verify <pnpm verify markdown>]');
    process.exit(2);
  }
  const urls = previewUrls(process.cwd());
  const verifyReport = values.verify === undefined ? undefined : existsSync(values.verify) ? readFileSync(values.verify, 'utf8') : '';
  writeFileSync(values.markdown, previewComment(values.stage, urls, process.env.GITHUB_SHA, verifyReport));
  const gateway = urls.find((url) => url.workspace === 'infra') ?? urls[0];
  if (gateway) console.log(`gateway-url=${gateway.url}`);
  const door = frontDoor(urls);
  if (door) console.log(`front-door=${door}`);
}
