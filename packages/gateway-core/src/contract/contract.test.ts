import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveStage } from '../stage.ts';
import {
  appFunctionName,
  appStackName,
  authorizerFunctionName,
  DEFAULT_DPOP_MODE,
  DPOP_MODES,
  dpopModeFrom,
  FrontdeskError,
  findWorkspaceRoot,
  gatewayStackName,
  HANDLER_BUNDLE,
  handlerBuildOptions,
  LIVE_ALIAS,
  WorkspaceNotFoundError,
} from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('the contract module', () => {
  it('gives every error one shape: a FrontdeskError with an ERR_ SCREAMING_SNAKE code and its own name', () => {
    const error = new WorkspaceNotFoundError('/tmp', 'run it inside');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toMatch(/^ERR_[A-Z0-9_]+$/);
    expect(String(error)).toBe('WorkspaceNotFoundError: no pnpm-workspace.yaml at or above /tmp: run it inside');
  });

  it('imports nothing but Node built-ins and its own files (so the authorizer and CLIs load it for free)', () => {
    const sources = readdirSync(here).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    for (const file of sources) {
      const text = readFileSync(join(here, file), 'utf8');
      const specifiers = [...text.matchAll(/^(?:import|export)(?! type)[^'"]*from '([^']+)'/gm)].map((match) => match[1]!);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^(node:|\.\/|\.\.\/stage\.ts$)/);
    }
  });

  it('names deployed things the way the stacks, the local gateway and the CLI all expect', () => {
    const stage = resolveStage('pr-42');
    expect(LIVE_ALIAS).toBe('live');
    expect(appFunctionName(stage, 'orders')).toBe('frontdesk-pr-42-orders');
    expect(appFunctionName('pr-42', 'orders')).toBe(appFunctionName(stage, 'orders'));
    expect(authorizerFunctionName(resolveStage('prod'))).toBe('frontdesk-prod-authorizer');
    expect(gatewayStackName(resolveStage('dev'))).toBe('frontdesk-dev-gateway');
    expect(appStackName(stage, 'orders')).toBe('frontdesk-pr-42-app-orders');
  });

  it('has one DPoP mode list, with the authorizer default', () => {
    expect(DPOP_MODES).toEqual(['off', 'optional', 'required']);
    expect(DEFAULT_DPOP_MODE).toBe('optional');
    expect(dpopModeFrom(undefined, 'FRONTDESK_DPOP')).toBe('optional');
    expect(() => dpopModeFrom('strict', 'FRONTDESK_DPOP')).toThrow('FRONTDESK_DPOP="strict" is not a DPoP mode');
    expect(() => dpopModeFrom('strict', 'dpop')).toThrow(expect.objectContaining({ code: 'ERR_DPOP_MODE' }));
  });

  it('describes the deployed bundle as esbuild options', () => {
    expect(handlerBuildOptions()).toEqual({
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      banner: { js: HANDLER_BUNDLE.banner },
      external: ['@aws-sdk/*'],
      mainFields: ['module', 'main'],
    });
    // A fresh copy each time: a caller's override never leaks into the next bundle.
    handlerBuildOptions().external.push('x');
    expect(handlerBuildOptions().external).toEqual(['@aws-sdk/*']);
  });

  it('finds the workspace root from any folder inside it, or says what to do', () => {
    const root = mkdtempSync(join(tmpdir(), 'frontdesk-contract-'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: [apps/*]\n');
    mkdirSync(join(root, 'apps/orders/src'), { recursive: true });
    expect(findWorkspaceRoot(join(root, 'apps/orders/src'))).toBe(root);
    expect(findWorkspaceRoot(root)).toBe(root);

    const outside = mkdtempSync(join(tmpdir(), 'frontdesk-no-workspace-'));
    let error: unknown;
    try {
      findWorkspaceRoot(outside, 'run pnpm dev inside the repository');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkspaceNotFoundError);
    expect(error).toBeInstanceOf(FrontdeskError);
    expect(error).toMatchObject({
      code: 'ERR_WORKSPACE_NOT_FOUND',
      name: 'WorkspaceNotFoundError',
      message: `no pnpm-workspace.yaml at or above ${outside}: run pnpm dev inside the repository`,
    });
  });
});
