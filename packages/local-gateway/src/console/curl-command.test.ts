import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../idp/issue-token.ts';
import { thumbprint } from '../idp/dpop-proof.ts';
import { loadOrCreateKey, type KeyPair } from '../idp/keys.ts';
import { curlCommand, quote } from './curl-command.ts';

let root: string;
let signing: KeyPair;
let dpopKey: KeyPair;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'frontdesk-curl-'));
  signing = await loadOrCreateKey(root, 'idp/signing-key');
  dpopKey = await loadOrCreateKey(root, 'idp/dpop-key');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const token = async (options: { jkt?: string; ttlSeconds?: number } = {}) =>
  issueToken(signing, {
    issuer: 'http://127.0.0.1:3000/_frontdesk/idp',
    audience: 'frontdesk-local',
    sub: 'alice',
    scopes: ['orders:read'],
    ttlSeconds: options.ttlSeconds ?? 300,
    ...(options.jkt ? { jkt: options.jkt } : {}),
  });

/** What a POSIX shell makes of the words (the command is run through `sh -c 'printf …'`). */
const words = (command: string) =>
  execFileSync('sh', ['-c', `printf '%s\\n' ${command.replace(/^curl /, '')}`], { encoding: 'utf8' })
    .trimEnd()
    .split('\n');

describe('copy as curl', () => {
  it('quotes every value for a POSIX shell, whatever it holds', () => {
    const nasty = `it's $(rm -rf ~) \`x\` "q" \\ ; |`;
    expect(execFileSync('sh', ['-c', `printf %s ${quote(nasty)}`], { encoding: 'utf8' })).toBe(nasty);
  });

  it('repeats method, URL, headers (credentials included) and body; leaves connection headers to curl', async () => {
    const bearer = await token();
    const command = await curlCommand(
      {
        method: 'POST',
        url: 'http://127.0.0.1:3000/orders/?x=1',
        rawHeaders: [
          'Host',
          '127.0.0.1:3000',
          'Content-Length',
          '12',
          'Connection',
          'keep-alive',
          'Authorization',
          `Bearer ${bearer}`,
          'Content-Type',
          'application/json',
        ],
        body: { text: `{"a":"it's"}`, encoding: 'utf8' },
      },
      { dpopKey: async () => dpopKey },
    );
    expect(words(command.replace(/ \\\n {2}/g, ' '))).toEqual([
      '-i',
      '-X',
      'POST',
      'http://127.0.0.1:3000/orders/?x=1',
      '-H',
      `authorization: Bearer ${bearer}`,
      '-H',
      'content-type: application/json',
      '--data-binary',
      `{"a":"it's"}`,
    ]);
  });

  it('sends a binary body through base64, and says when the console kept only its start', async () => {
    const command = await curlCommand(
      {
        method: 'PUT',
        url: 'http://127.0.0.1:3000/files/x',
        rawHeaders: [],
        body: { text: Buffer.from([0, 255, 1]).toString('base64'), encoding: 'base64', truncatedFrom: 9_000_000 },
      },
      { dpopKey: async () => dpopKey },
    );
    expect(command).toMatch(/^# the body was 9000000 bytes; the console kept the first 3\n/m);
    expect(command).toContain(`printf %s 'AP8B' | base64 -d | curl -i`);
    expect(command).toContain('--data-binary @-');
  });

  it('signs a fresh DPoP proof (method, htu from the public origin, ath) when the token is bound to the local DPoP key', async () => {
    const bound = await token({ jkt: await thumbprint(dpopKey.publicJwk) });
    const command = await curlCommand(
      {
        method: 'GET',
        url: 'http://127.0.0.1:3000/orders/7?q=1',
        rawHeaders: ['Authorization', `DPoP ${bound}`, 'DPoP', 'old.proof.value'],
      },
      { dpopKey: async () => dpopKey, publicOrigin: 'https://api.example.com' },
    );
    const proof = /-H 'dpop: ([^']+)'/.exec(command)?.[1] as string;
    expect(proof).not.toBe('old.proof.value');
    expect(decodeProtectedHeader(proof)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(decodeJwt(proof)).toMatchObject({ htm: 'GET', htu: 'https://api.example.com/orders/7', ath: expect.any(String) });
    expect(command).toMatch(/^# a fresh DPoP proof/);
  });

  it('keeps a proof it cannot re-sign and says the gateway will refuse it; notes an expired token', async () => {
    const foreign = await token({ jkt: 'not-the-local-key' });
    const command = await curlCommand(
      { method: 'GET', url: 'http://127.0.0.1:3000/orders/', rawHeaders: ['authorization', `DPoP ${foreign}`, 'dpop', 'old.proof.value'] },
      { dpopKey: async () => dpopKey, now: () => Date.now() + 3_600_000 },
    );
    expect(command).toContain(`-H 'dpop: old.proof.value'`);
    expect(command).toMatch(/dpop_replay/);
    expect(command).toMatch(/^# the access token expired at \d{4}-/);
  });

  it('uses -I for HEAD and no -X for GET', async () => {
    expect(await curlCommand({ method: 'HEAD', url: 'http://127.0.0.1:3000/x', rawHeaders: [] }, { dpopKey: async () => dpopKey })).toBe(
      `curl -i -I \\\n  'http://127.0.0.1:3000/x'`,
    );
    expect(await curlCommand({ method: 'GET', url: 'http://127.0.0.1:3000/x', rawHeaders: [] }, { dpopKey: async () => dpopKey })).toBe(
      `curl -i \\\n  'http://127.0.0.1:3000/x'`,
    );
  });
});
