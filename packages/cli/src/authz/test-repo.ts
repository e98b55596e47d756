import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appConfigSource, git, tempDir, writeFiles } from '@frontdesk/test-support';

/**
 * Throwaway git repositories for the authz diff tests: real `git`, real commits, manifests that
 * import the real gateway-core by absolute path (the repository has none of its own, so both
 * revisions synthesize with it), and an optional `infra/` whose stack and stage config the test
 * writes.
 */
const gatewayCore = fileURLToPath(new URL('../../../gateway-core/', import.meta.url));
const manifestModule = join(gatewayCore, 'src/manifest/index.ts');
const cdkModule = join(gatewayCore, 'src/cdk/index.ts');
const requireFromCore = createRequire(join(gatewayCore, 'package.json'));
const iamModule = requireFromCore.resolve('aws-cdk-lib/aws-iam');
const cdkLib = requireFromCore.resolve('aws-cdk-lib');
const coreIndex = join(gatewayCore, 'src/index.ts');
const infraStack = fileURLToPath(new URL('../../../../infra/src/gateway-stack.ts', import.meta.url));

const manifestSource = (manifest: string): string => appConfigSource(manifestModule, manifest);

/** An app folder: its manifest, a handler (NodejsFunction checks the entry exists) and its CDK app, as `create-app` writes it. */
export function appFiles(folder: string, manifest: string): Record<string, string> {
  return {
    [`apps/${folder}/app.config.ts`]: manifestSource(manifest),
    [`apps/${folder}/src/handler.ts`]: 'export const handler = async () => ({ ok: true });\n',
    [`apps/${folder}/bin/app.ts`]: [
      `import { fileURLToPath } from 'node:url';`,
      `import { App } from ${JSON.stringify(cdkLib)};`,
      `import { resolveStage } from ${JSON.stringify(coreIndex)};`,
      `import { AppStack, appStackName } from ${JSON.stringify(cdkModule)};`,
      `import manifest from '../app.config.ts';`,
      'const stage = resolveStage(process.env.STAGE);',
      `new AppStack(new App(), appStackName(stage, manifest.name), { api: { manifest, appDir: fileURLToPath(new URL('..', import.meta.url)), stage } });`,
      '',
    ].join('\n'),
  };
}

export interface SharedSettings {
  readonly issuer?: string;
  readonly audience?: readonly string[];
  readonly algorithms?: readonly string[];
  readonly dpop?: 'off' | 'optional' | 'required';
  /** IAM statements added to the authorizer's role, as `new PolicyStatement(...)` argument source. */
  readonly extraStatements?: readonly string[];
}

/** `infra/src/gateway-stack.ts` and `stage-config.ts`: the real GatewayStack, settings and extra grants from the test. */
export function infraFiles(settings: SharedSettings = {}): Record<string, string> {
  const config = {
    issuer: settings.issuer ?? 'https://login.example.com/',
    audience: settings.audience ?? ['https://api.example.com'],
    ...(settings.algorithms ? { algorithms: settings.algorithms } : {}),
    dpop: settings.dpop ?? 'optional',
    domain: {
      domainName: 'api.example.com',
      certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-4000-8000-000000000000',
    },
  };
  const statements = (settings.extraStatements ?? [])
    .map((statement) => `    role.addToRolePolicy(new PolicyStatement(${statement}));`)
    .join('\n');
  return {
    'infra/cdk.json': '{ "app": "tsx bin/gateway.ts" }\n',
    'infra/bin/gateway.ts': [
      `import { App } from ${JSON.stringify(cdkLib)};`,
      `import { resolveStage } from ${JSON.stringify(coreIndex)};`,
      `import { gatewayStackName } from ${JSON.stringify(cdkModule)};`,
      `import { GatewayStack } from '../src/gateway-stack.ts';`,
      `import { stageConfig } from '../src/stage-config.ts';`,
      'const stage = resolveStage(process.env.STAGE);',
      'new GatewayStack(new App(), gatewayStackName(stage), { gateway: { stage, ...stageConfig(stage) } });',
      '',
    ].join('\n'),
    'infra/src/stage-config.ts': `export const stageConfig = () => (${JSON.stringify(config)});\n`,
    'infra/src/gateway-stack.ts': [
      `import { GatewayStack as Real } from ${JSON.stringify(infraStack)};`,
      `import { PolicyStatement } from ${JSON.stringify(iamModule)};`,
      'export class GatewayStack extends Real {',
      '  constructor(scope: any, id: string, props: any) {',
      '    super(scope, id, props);',
      '    const role = this.gateway.authorizerFunction as any;',
      statements,
      '  }',
      '}',
      '',
    ].join('\n'),
  };
}

export class TestRepo {
  readonly root = tempDir('authz-repo');

  constructor(files: Record<string, string>) {
    this.git('init', '--quiet', '--initial-branch=main');
    this.write({ 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", ...files });
    this.commit('base');
  }

  write(files: Record<string, string | null>): this {
    for (const [path, text] of Object.entries(files)) {
      if (text === null) rmSync(join(this.root, path), { recursive: true, force: true });
      else writeFiles(this.root, { [path]: text });
    }
    return this;
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '--quiet', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  branch(name: string): this {
    this.git('checkout', '--quiet', '-b', name);
    return this;
  }

  git(...args: string[]): string {
    return git(this.root, ...args);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
