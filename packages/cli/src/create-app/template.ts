import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app template is a real, valid app (`packages/cli/templates/app`), type-checked and tested
 * with the CLI. Its three placeholder values are replaced when an app is generated.
 */
const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/app', import.meta.url));

/**
 * Files an app generated `--from-openapi` takes instead of the template's: tests that hold for
 * any routes (every declared route answers 501 until implemented), and an example app.config.ts
 * and handler generated from test/fixtures/openapi/petstore.yaml so the overlay is a real,
 * tested app too (its test/ files are copied; the other two are rendered per document). It has no
 * wiring of its own: its stack test runs in a generated app (tests/repo create-app-e2e), not in place.
 */
export const OPENAPI_TEMPLATE_DIR = fileURLToPath(new URL('../../templates/openapi', import.meta.url));

export const PLACEHOLDERS = {
  name: 'template-app',
  owner: 'team-template',
  basePath: 'template-base-path',
} as const;

export interface TemplateValues {
  readonly name: string;
  readonly owner: string;
  readonly basePath: string;
}

/** Build and tool output that may sit in the template folder but is never copied. */
const SKIPPED = new Set(['node_modules', 'cdk.out', 'dist', '.turbo', 'cdk-outputs.json']);

/** Every template file path, relative to the template folder, sorted. */
export function templateFiles(dir: string = TEMPLATE_DIR): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => !path.split(/[\\/]/).some((part) => SKIPPED.has(part)))
    .sort();
}

/** Replaces every placeholder in one template text. */
export function renderText(text: string, values: TemplateValues): string {
  return text
    .replaceAll(PLACEHOLDERS.basePath, values.basePath)
    .replaceAll(PLACEHOLDERS.owner, values.owner)
    .replaceAll(PLACEHOLDERS.name, values.name);
}

/** The generated app: relative path → file content. */
export function renderTemplate(values: TemplateValues, dir: string = TEMPLATE_DIR): Map<string, string> {
  return new Map(templateFiles(dir).map((path) => [path, renderText(readFileSync(join(dir, path), 'utf8'), values)]));
}
