/**
 * `pnpm dev`: runs `src/cli/dev.ts` from a build of its sources instead of through tsx. Loading
 * the dev server's ~700 TypeScript modules one by one through tsx's loader (hooks on a thread of
 * their own, every import resolved and transformed across it) cost more than anything the server
 * then does; one esbuild build, split into the chunks the sources import lazily, loads in a
 * fraction of that, and app manifests are compiled by esbuild too (src/workspace/import-manifest.ts).
 *
 * The build is keyed by content, never by age: `dist/dev-server/build.json` records the SHA-256 of
 * every source file as esbuild compiled it (local-gateway's and gateway-core's), of the package.json
 * and tsconfig.json nearest each and every config that one extends (they decide how imports
 * resolve and compile), of this file and the
 * workspace lockfile, and the size and modification time of each bundled dependency file. A
 * start whose inputs all hash the same runs the recorded build; any difference (an edited source, a new import, a `pnpm install`)
 * rebuilds first (esbuild, well under a second), so an edit never runs stale code and a fresh
 * clone needs no step beyond `pnpm install`.
 *
 * Plain JavaScript: this file runs before anything can compile TypeScript.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loaderOf } from '@frontdesk/gateway-core/esbuild';

/** Bump when the record's shape or the build's meaning changes: older records then miss. */
const RECORD_FORMAT = 1;
const ENTRY = 'src/cli/dev.ts';
/** Builds other than the current one are removed once this old, unless a running server claims them (`claimBuild`). */
const KEEP_OLD_BUILDS_MS = 24 * 60 * 60 * 1000;

const LAUNCHER = fileURLToPath(import.meta.url);
const PACKAGE_DIR = dirname(dirname(LAUNCHER));

/**
 * The dev server's entry module, built from the current sources (reused when nothing changed).
 * @param {{ packageDir?: string, outRoot?: string }} [options]
 * @returns {Promise<{ file: string, built: boolean }>}
 */
export async function devServerBuild({ packageDir = PACKAGE_DIR, outRoot = join(packageDir, 'dist', 'dev-server') } = {}) {
  const recordFile = join(outRoot, 'build.json');
  const key = buildKey(packageDir);
  const record = readRecord(recordFile);
  if (record && record.key === key && inputsUnchanged(packageDir, record.inputs) && existsSync(join(outRoot, record.entry)))
    return { file: join(outRoot, record.entry), built: false };

  const esbuild = await import('esbuild');
  const loaded = new Map();
  const result = await esbuild.build({ ...buildOptions(packageDir, outRoot), plugins: [hashWhatIsCompiled(loaded)] });
  // Content-addressed folder: a concurrent start that built the same sources writes the same one.
  const outputs = createHash('sha256');
  for (const output of result.outputFiles) outputs.update(output.path).update(output.contents);
  const name = outputs.digest('hex').slice(0, 16);
  const folder = join(outRoot, name);
  if (!existsSync(folder)) {
    const staging = join(outRoot, `.${name}-${process.pid}`);
    for (const output of result.outputFiles) {
      const file = join(staging, output.path.slice(join(outRoot, 'out').length + 1));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, output.contents);
    }
    try {
      renameSync(staging, folder);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(folder)) throw error;
    }
  }
  const inputs = {};
  for (const input of [...Object.keys(result.metafile.inputs), ...resolutionFiles(packageDir, result.metafile.inputs)].sort()) {
    const file = resolve(packageDir, input);
    inputs[input] = loaded.get(file) ?? fingerprint(file);
  }
  const entry = join(name, 'dev.mjs');
  writeWhole(recordFile, `${JSON.stringify({ format: RECORD_FORMAT, key, inputs, entry })}\n`);
  removeOldBuilds(outRoot, name);
  return { file: join(outRoot, entry), built: true };
}

/**
 * Reads each workspace source for esbuild and records the SHA-256 of exactly what was compiled.
 * Hashing the files after the build instead would vouch for a save that landed while esbuild ran
 * (read before the save, hashed after it), and no later start would notice the stale build.
 * Installed packages are left to esbuild (fingerprinted by size and mtime).
 */
function hashWhatIsCompiled(loaded) {
  return {
    name: 'frontdesk-hash-sources',
    setup(build) {
      build.onLoad({ filter: /\.(?:[mc]?[jt]s|[jt]sx|json)$/ }, (args) => {
        if (args.namespace !== 'file' || args.path.split(sep).includes('node_modules')) return undefined;
        const contents = readFileSync(args.path);
        loaded.set(args.path, createHash('sha256').update(contents).digest('hex'));
        return { contents, loader: loaderOf(args.path) };
      });
    },
  };
}

/**
 * Packages left to Node, resolved from this package's node_modules: esbuild finds its native
 * binary beside its own files, classic-level is a native addon, dynalite loads LevelDB backends
 * at run time. Every other dependency is compiled in (tree-shaken ES modules where a package ships
 * them: the DynamoDB client's chunk is a fraction of its CommonJS build).
 */
const EXTERNAL = ['esbuild', 'classic-level', 'dynalite'];

/**
 * One ES module build with code splitting: what the sources import lazily (the authorizer, the
 * local DynamoDB and its SDK client) stays in chunks loaded on first use.
 */
function buildOptions(packageDir, outRoot) {
  return {
    absWorkingDir: packageDir,
    entryPoints: [{ in: ENTRY, out: 'dev' }],
    outdir: join(outRoot, 'out'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // ES module builds where a package ships both (the AWS SDK): tree-shaken, with the named
    // exports a dynamic import() expects.
    mainFields: ['module', 'main'],
    // Bundled CommonJS dependencies call require().
    banner: {
      js: "import { createRequire as __frontdeskCreateRequire } from 'node:module'; const require = __frontdeskCreateRequire(import.meta.url);",
    },
    write: false,
    metafile: true,
    logLevel: 'warning',
  };
}

/** What the build depends on besides its inputs: this file, the package's package.json, the lockfile. */
function buildKey(packageDir) {
  const files = [LAUNCHER, join(packageDir, 'package.json'), lockfile(packageDir)].filter((file) => file !== undefined);
  const key = createHash('sha256').update(String(RECORD_FORMAT));
  for (const file of files) key.update(file).update(hashOf(file) ?? 'absent');
  return key.digest('hex');
}

/**
 * Files esbuild read to resolve and compile the sources but does not list as inputs: the
 * package.json (its `exports` map) and tsconfig.json nearest to each source outside node_modules.
 */
function resolutionFiles(packageDir, inputs) {
  const files = new Set();
  for (const input of Object.keys(inputs)) {
    if (input.split(/[\\/]/).includes('node_modules')) continue;
    for (const name of ['package.json', 'tsconfig.json']) {
      for (let dir = dirname(resolve(packageDir, input)); dirname(dir) !== dir; dir = dirname(dir)) {
        if (!existsSync(join(dir, name))) continue;
        const found = join(dir, name);
        for (const file of name === 'tsconfig.json' ? tsconfigChain(found) : [found]) files.add(relative(packageDir, file));
        break;
      }
    }
  }
  return [...files].filter((file) => !(file in inputs));
}

/** A tsconfig.json and every config it `extends` (esbuild reads them all; the workspace's shared base among them). */
function tsconfigChain(file, seen = new Set()) {
  if (seen.has(file)) return [];
  seen.add(file);
  let extended;
  try {
    extended = JSON.parse(readFileSync(file, 'utf8')).extends;
  } catch {
    return [file]; // not plain JSON (comments): the file itself is still fingerprinted
  }
  const parents = (Array.isArray(extended) ? extended : extended === undefined ? [] : [extended]).flatMap((specifier) => {
    try {
      return tsconfigChain(createRequire(file).resolve(String(specifier)), seen);
    } catch {
      return [];
    }
  });
  return [file, ...parents];
}

function lockfile(from) {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir))
    if (existsSync(join(dir, 'pnpm-lock.yaml'))) return join(dir, 'pnpm-lock.yaml');
  return undefined;
}

function inputsUnchanged(packageDir, inputs) {
  if (typeof inputs !== 'object' || inputs === null) return false;
  for (const [input, recorded] of Object.entries(inputs)) if (fingerprint(resolve(packageDir, input)) !== recorded) return false;
  return true;
}

/**
 * What identifies an input's content: its SHA-256, or — for an installed dependency's file, which
 * only `pnpm install` changes, and then the lockfile in the key changes too — its size and
 * modification time (checking ~600 dependency files by content would cost more than the rest
 * of the start together).
 */
function fingerprint(file) {
  if (!file.split(sep).includes('node_modules')) return hashOf(file);
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `stat:${stat.size}:${stat.mtimeMs}` : undefined;
}

function hashOf(file) {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

function readRecord(file) {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8'));
    return record.format === RECORD_FORMAT && typeof record.key === 'string' && typeof record.entry === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Written under a temporary name and renamed: a concurrent start reads the old record or the new one. */
function writeWhole(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, text);
  renameSync(staging, file);
}

/** A running server's claim on its build folder: `.running-<pid>`, removed when the process exits. */
const RUNNING_PREFIX = '.running-';

/**
 * Marks the build `file` belongs to as used by this process until it exits, so no other start
 * prunes it while this server may still load its lazy chunks (the authorizer, the local DynamoDB).
 * @param {string} file
 */
function claimBuild(file) {
  const marker = join(dirname(file), `${RUNNING_PREFIX}${process.pid}`);
  writeFileSync(marker, '');
  process.once('exit', () => rmSync(marker, { force: true }));
}

/** Builds other than the current one, once old and claimed by no live process. */
function removeOldBuilds(outRoot, current) {
  const now = Date.now();
  for (const entry of readdirSync(outRoot, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const folder = join(outRoot, entry.name);
    if (now - statSync(folder).mtimeMs > KEEP_OLD_BUILDS_MS && !claimedByLiveProcess(folder))
      rmSync(folder, { recursive: true, force: true });
  }
}

function claimedByLiveProcess(folder) {
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(RUNNING_PREFIX)) continue;
    try {
      process.kill(Number(name.slice(RUNNING_PREFIX.length)), 0);
      return true;
    } catch (error) {
      if (error.code === 'EPERM') return true; // alive, another user's
      // ESRCH: that server is gone (killed without its exit handler); its claim lapses.
    }
  }
  return false;
}

if (process.argv[1] && resolve(process.argv[1]) === LAUNCHER) {
  let server;
  try {
    server = await devServerBuild();
  } catch (error) {
    process.stderr.write(`frontdesk: could not build the dev server: ${error.message}\n`);
    process.exit(1);
  }
  claimBuild(server.file);
  await import(pathToFileURL(server.file).href);
}
