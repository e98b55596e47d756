import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANDLER_BUNDLE } from '@frontdesk/gateway-core/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleHandler } from './bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bundle-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the local bundle starts from the deployed settings', () => {
  it("carries the deployed require banner and keeps the dev machine's overrides (unminified, inline source map)", async () => {
    const entry = join(dir, 'handler.ts');
    writeFileSync(entry, 'export const handler = async (event: { readonly name: string }) => ({ statusCode: 200, body: event.name });\n');
    const bundle = await bundleHandler(entry, join(dir, 'out', 'echo'));
    const code = readFileSync(bundle.file, 'utf8');
    expect(code.startsWith(HANDLER_BUNDLE.banner)).toBe(true);
    expect(code).toContain('statusCode: 200');
    expect(code).toContain('//# sourceMappingURL=data:application/json;base64,');
  });
});
