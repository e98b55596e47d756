import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { writeFileWhole } from '../files/write-file.ts';
import type { Bundle } from './bundle.ts';

/** Bump when the record's shape or meaning changes: older records then miss. */
const RECORD_FORMAT = 2;

/**
 * What a bundle was built from, besides its source files: the esbuild version and options, the
 * entry, and the files that decide which dependency versions it inlines — the workspace's
 * lockfile and the app's `package.json` (and its `tsconfig.json`, which esbuild reads).
 */
export interface BundleKey {
  readonly esbuildVersion: string;
  readonly options: unknown;
  readonly entry: string;
  /** Files whose content is part of the key (missing files count as absent, not as errors). */
  readonly files: readonly string[];
}

interface BundleRecord {
  readonly format: number;
  readonly key: string;
  /** Every source the bundle was built from (the app's and its dependencies') → its fingerprint ({@link FileHashes}). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly file: string;
  readonly codeSha256: string;
  /** The bundle file as written: its size and modification time (ms). */
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * What identifies each file's content, each looked at once per round: apps share most of their
 * inputs (the runtime helpers, the AWS SDK, Powertools), so a start-up checking 20 apps reads each
 * file once. A source's fingerprint is its SHA-256; an installed dependency's (a path through
 * `node_modules`) is its size and modification time: only `pnpm install` changes those files, and
 * then the lockfile in every key changes too, while hashing the ~900 files of the AWS SDK and
 * Powertools would cost more than the rest of a restart's checks together.
 * A new round is a new `FileHashes`: changes between rounds are always seen.
 */
export class FileHashes {
  private readonly known = new Map<string, string | undefined>();

  /** The file's fingerprint, or `undefined` when it cannot be read. */
  of(file: string): string | undefined {
    if (this.known.has(file)) return this.known.get(file);
    let hash: string | undefined;
    try {
      if (file.split(sep).includes('node_modules')) {
        const stat = statSync(file);
        hash = `stat:${stat.size}:${stat.mtimeMs}`;
      } else {
        hash = createHash('sha256').update(readFileSync(file)).digest('hex');
      }
    } catch {
      hash = undefined;
    }
    this.known.set(file, hash);
    return hash;
  }
}

/**
 * The on-disk bundle cache under `.frontdesk/cache/functions/`: beside each app's bundles, a
 * record (`<name>/bundle.json`) of its latest bundle, with the key it was built under and the
 * fingerprint of every source that went into it ({@link FileHashes}). A restart whose inputs all hash the same
 * reuses the bundle instead of running esbuild. Anything unexpected — a record that does not
 * parse, another key, a changed or missing source, a bundle file other than the one recorded
 * — is a miss: the app is rebuilt and the record rewritten, so a damaged cache
 * costs a build and never serves stale code.
 *
 * Several processes share the folder (a second `pnpm dev`, tests): records and bundles are
 * written whole under a temporary name and renamed (`writeFileWhole`), so a reader sees an old
 * record or a new one, never half of one.
 */
export class BundleCache {
  constructor(private readonly outRoot: string) {}

  /** The cached bundle for `name` built under `key` from sources that still hash the same. */
  lookup(name: string, key: BundleKey, hashes: FileHashes): Bundle | undefined {
    let record: BundleRecord;
    try {
      record = JSON.parse(readFileSync(this.recordFile(name), 'utf8')) as BundleRecord;
    } catch {
      return undefined; // none yet, or unreadable: rebuild
    }
    if (!isRecord(record) || record.format !== RECORD_FORMAT || record.key !== keyHash(key, hashes)) return undefined;
    for (const [input, hash] of Object.entries(record.inputs)) if (hashes.of(input) !== hash) return undefined;
    // The bundle must be the file this record was written with: one truncated, rewritten or
    // removed since is rebuilt. (Size and mtime, not a hash: re-reading 20 bundles of ~800 KB
    // each would cost more than every source hash together; bundles are only ever written
    // whole by a rename, so an intact file keeps both.)
    const stat = statSync(record.file, { throwIfNoEntry: false });
    if (stat?.size !== record.size || stat.mtimeMs !== record.mtimeMs) return undefined;
    return { file: record.file, codeSha256: record.codeSha256, inputs: Object.keys(record.inputs) };
  }

  /**
   * Records a bundle just built under `key`. Its sources are hashed now, after the build: an
   * edit that lands in between is also a file-watch event, whose rebuild records again.
   */
  store(name: string, key: BundleKey, bundle: Bundle, hashes: FileHashes): void {
    const inputs: Record<string, string> = {};
    for (const input of bundle.inputs) {
      const hash = hashes.of(input);
      if (hash === undefined) return; // a source vanished: a record could never hit
      inputs[input] = hash;
    }
    const stat = statSync(bundle.file, { throwIfNoEntry: false });
    if (!stat) return;
    const record: BundleRecord = {
      format: RECORD_FORMAT,
      key: keyHash(key, hashes),
      inputs,
      file: bundle.file,
      codeSha256: bundle.codeSha256,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
    };
    writeFileWhole(this.recordFile(name), `${JSON.stringify(record)}\n`);
  }

  private recordFile(name: string): string {
    return join(this.outRoot, name, 'bundle.json');
  }
}

function keyHash(key: BundleKey, hashes: FileHashes): string {
  const files = Object.fromEntries(key.files.map((file) => [file, hashes.of(file) ?? null]));
  return createHash('sha256')
    .update(JSON.stringify({ esbuild: key.esbuildVersion, options: key.options, entry: key.entry, files }))
    .digest('hex');
}

function isRecord(value: unknown): value is BundleRecord {
  const record = value as Partial<BundleRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.key === 'string' &&
    typeof record.file === 'string' &&
    typeof record.codeSha256 === 'string' &&
    typeof record.size === 'number' &&
    typeof record.mtimeMs === 'number' &&
    typeof record.inputs === 'object' &&
    record.inputs !== null &&
    Object.values(record.inputs).every((hash) => typeof hash === 'string')
  );
}
