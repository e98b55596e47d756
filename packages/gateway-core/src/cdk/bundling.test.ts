import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStage } from '../stage.ts';
import { bundleHandler } from './bundle-handler.ts';
import { HANDLER_BUNDLE, LAMBDA_RUNTIME } from '../contract/handler-bundle.ts';
import { HANDLER_NAME, HANDLER_RUNTIME, handlerCode } from './nodejs-bundling.ts';
import { RootGateway } from './root-gateway.ts';

const AUTHORIZER_ENTRY = fileURLToPath(new URL('../authorizer/handler.ts', import.meta.url));
const ROTATION_ENTRY = fileURLToPath(new URL('../rotation/handler.ts', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'frontdesk-bundling-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the CDK side of the bundle contract', () => {
  it("deploys on the contract runtime, the handler being the bundle's index.mjs export", () => {
    expect(HANDLER_RUNTIME.name).toBe(LAMBDA_RUNTIME);
    expect(HANDLER_NAME).toBe('index.handler');
  });
});

// The one place the suite pays for real esbuild bundling; every other CDK test skips it.
describe('bundling the shared authorizer for real', () => {
  it('synthesizes RootGateway with an esbuild-bundled ESM asset built with the shared recipe', () => {
    const app = new App({ outdir: join(workDir, 'cdk.out'), context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'Shared');
    new RootGateway(stack, 'Gateway', { stage: resolveStage('dev'), issuer: 'https://login.example.com/', audience: ['api'], dpop: 'off' });
    const assembly = app.synth();
    const template = assembly.getStackByName('Shared').template as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
    };
    const fn = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::Function');
    const assetDir = join(assembly.directory, fn?.Metadata?.['aws:asset:path'] ?? 'missing');
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith(HANDLER_BUNDLE.banner)).toBe(true);
    expect(bundle).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(existsSync(join(assetDir, 'node_modules'))).toBe(false);
  });

  it('gives each function the bundle of its own entry when one synth bundles several', () => {
    // CDK caches staged assets per process by their JSON-serialised options; a bundling closure
    // serialises to {}, so without the entry in the key every function got the first one's bundle.
    const app = new App({ outdir: join(workDir, 'cdk.out-two'), context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'Two');
    for (const [id, entry] of [
      ['Authorizer', AUTHORIZER_ENTRY],
      ['Rotation', ROTATION_ENTRY],
    ] as const) {
      new LambdaFunction(stack, id, { code: handlerCode(entry), handler: HANDLER_NAME, runtime: HANDLER_RUNTIME });
    }
    const assembly = app.synth();
    const resources = Object.entries(
      (assembly.getStackByName('Two').template as { Resources: Record<string, { Type: string; Metadata?: Record<string, string> }> })
        .Resources,
    ).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
    const bundleOf = (prefix: string) => {
      const [, resource] = resources.find(([logicalId]) => logicalId.startsWith(prefix)) ?? [];
      return readFileSync(join(assembly.directory, resource?.Metadata?.['aws:asset:path'] ?? 'missing', 'index.mjs'), 'utf8');
    };
    expect(bundleOf('Rotation')).toContain('unknown rotation step');
    expect(bundleOf('Authorizer')).not.toContain('unknown rotation step');
    expect(bundleOf('Authorizer')).toContain('FRONTDESK_ISSUER');
  });

  it('bundleHandler writes the same kind of bundle, and the bundled authorizer denies a request without a token', async () => {
    const outfile = join(workDir, 'authorizer.mjs');
    const { bytes } = await bundleHandler({ entry: AUTHORIZER_ENTRY, outfile });
    expect(bytes).toBeGreaterThan(0);
    expect(readFileSync(outfile, 'utf8').startsWith(HANDLER_BUNDLE.banner)).toBe(true);

    const saved = { ...process.env };
    Object.assign(process.env, { FRONTDESK_ISSUER: 'https://login.example.com/', FRONTDESK_AUDIENCE: 'api', FRONTDESK_DPOP: 'off' });
    try {
      const { handler } = (await import(pathToFileURL(outfile).href)) as {
        handler: (event: unknown) => Promise<{ isAuthorized: boolean }>;
      };
      const decision = await handler({
        version: '2.0',
        type: 'REQUEST',
        routeKey: 'GET /',
        rawPath: '/',
        headers: {},
        identitySource: [],
        requestContext: { http: { method: 'GET', path: '/' }, routeKey: 'GET /' },
      });
      expect(decision.isAuthorized).toBe(false);
    } finally {
      process.env = saved;
    }
  });

  it('bundles the generic rotation function, whose handler refuses an event that is not a rotation step', async () => {
    const outfile = join(workDir, 'rotation.mjs');
    const { bytes } = await bundleHandler({ entry: ROTATION_ENTRY, outfile });
    expect(bytes).toBeGreaterThan(0);
    const { handler } = (await import(pathToFileURL(outfile).href)) as { handler: (event: unknown) => Promise<void> };
    await expect(
      handler({ SecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', ClientRequestToken: 't', Step: 'dropTables' }),
    ).rejects.toThrow('unknown rotation step "dropTables"');
  });
});
