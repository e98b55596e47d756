/**
 * The source of an `app.config.ts` that imports `defineApp` from `defineAppModule` (a specifier or
 * an absolute path: test-support cannot depend on gateway-core, whose own tests use it) and
 * exports `manifest`, given as source text or as a value written as JSON.
 */
export function appConfigSource(defineAppModule: string, manifest: string | Readonly<Record<string, unknown>>): string {
  const argument = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  return `import { defineApp } from ${JSON.stringify(defineAppModule)};\nexport default defineApp(${argument});\n`;
}
