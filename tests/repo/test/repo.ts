import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root (this file is tests/repo/test/repo.ts). */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const readText = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
export const readJson = <T = Record<string, unknown>>(path: string): T => JSON.parse(readText(path)) as T;
export const readYaml = <T = Record<string, unknown>>(path: string): T => parse(readText(path)) as T;
