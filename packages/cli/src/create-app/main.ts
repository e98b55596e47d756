/**
 * `pnpm create-app <name> [--owner <team>] [--base-path <key>] [--from-openapi <file>] [--no-install]`
 *
 * With `--from-openapi`, the routes and scopes come from an OpenAPI 3.0/3.1 document; every route
 * create-app had to decide (no security, `security: []`, schemes it cannot enforce) is printed
 * and marked `// REVIEW:` in app.config.ts.
 * Writes apps/<name> from the template, then runs `pnpm install` so the new workspace is linked
 * and pnpm-lock.yaml gains its entry (commit both: CI installs with --frozen-lockfile), and
 * `pnpm routes` so the generated route docs and CODEOWNERS block include the app.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { findRepositoryRoot, HELP, parseCommandLine } from './command-line.ts';
import { createApp } from './create-app.ts';
import { CreateAppError } from './errors.ts';
import { resolveOwner } from './owner.ts';

const hasRootScript = (root: string, script: string): boolean =>
  script in ((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {});

async function main(): Promise<number> {
  try {
    const commandLine = parseCommandLine(process.argv.slice(2));
    if (commandLine.help) {
      console.log(HELP);
      return 0;
    }
    const { install, help: _help, owner: givenOwner, ...options } = commandLine;
    const root = findRepositoryRoot(process.cwd());
    const owner = await resolveOwner(options.name, givenOwner, {
      interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
      async ask(question) {
        const terminal = createInterface({ input: process.stdin, output: process.stdout });
        try {
          return await terminal.question(question);
        } finally {
          terminal.close();
        }
      },
    });
    const plan = await createApp({ root, ...options, owner });
    for (const warning of plan.warnings) console.warn(`warning: ${warning.message}`);
    console.log(`Created ${plan.dir} (owner ${plan.manifest.owner}, base path /${plan.manifest.basePath}):`);
    for (const path of plan.files.keys()) console.log(`  ${plan.dir}/${path}`);
    for (const skipped of plan.skipped) console.warn(`skipped ${skipped}`);
    if (plan.reviews.length > 0) {
      console.log(`\nReview before the first deploy (marked REVIEW in ${plan.dir}/app.config.ts):`);
      for (const { key, review } of plan.reviews) console.log(`  ${key}: ${review}`);
    }
    if (install) {
      // A new workspace changes the lockfile by definition; CI=true would otherwise imply --frozen-lockfile.
      console.log('\nLinking the new workspace: pnpm install --no-frozen-lockfile');
      const result = spawnSync('pnpm', ['install', '--no-frozen-lockfile'], { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) {
        console.error(`pnpm install failed; ${plan.dir} is written. Run \`pnpm install\` again once the problem is fixed.`);
        return 1;
      }
      // docs/routes.md, docs/openapi/ and the CODEOWNERS block are generated from the manifests; CI fails when stale.
      if (hasRootScript(root, 'routes')) {
        console.log('\nRegenerating docs/routes.md, docs/openapi/ and .github/CODEOWNERS: pnpm routes');
        if (spawnSync('pnpm', ['--silent', 'routes'], { cwd: root, stdio: 'inherit' }).status !== 0) return 1;
      }
    } else {
      console.log('\nThen run `pnpm install` and `pnpm routes` (the route docs and CODEOWNERS list every app).');
    }
    const pkg = `@apps/${plan.manifest.name}`;
    console.log(
      [
        '',
        'Next:',
        `  pnpm --filter ${pkg} test        run its tests`,
        `  pnpm --filter ${pkg} synth       synthesize its stack`,
        `  pnpm dev                         serve it locally under /${plan.manifest.basePath}`,
        `  git add ${plan.dir} pnpm-lock.yaml docs/routes.md docs/openapi .github/CODEOWNERS`,
        '                                   (CI installs with --frozen-lockfile and checks the generated files)',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof CreateAppError) {
      console.error(error.message);
      return error.code === 'ERR_USAGE' ? 2 : 1;
    }
    throw error;
  }
}

process.exitCode = await main();
