import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { createFileOnce } from '../files/write-file.ts';
import { stateDir } from './paths.ts';

const SIGNING_ALGORITHM = 'ES256';

export interface KeyPair {
  readonly kid: string;
  readonly alg: typeof SIGNING_ALGORITHM;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

interface StoredKey {
  readonly kid: string;
  readonly alg: typeof SIGNING_ALGORITHM;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/**
 * Loads a key pair from `.frontdesk/<name>.json`, generating it on first use. The file is
 * created with mode 0600 inside the git-ignored folder: development keys never reach git.
 *
 * @param name `idp/signing-key` (the dev IdP's token key) or `idp/dpop-key` (the CLI's DPoP key)
 */
export async function loadOrCreateKey(root: string, name: string): Promise<KeyPair> {
  const file = join(stateDir(root), `${name}.json`);
  if (!existsSync(file)) {
    const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const created: StoredKey = {
      kid,
      alg: SIGNING_ALGORITHM,
      privateJwk: await exportJWK(privateKey),
      publicJwk: { ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' },
    };
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Whoever creates it first wins; everyone, this caller included, then uses the file's key.
    createFileOnce(file, `${JSON.stringify(created, null, 2)}\n`, 0o600);
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  return {
    kid: stored.kid,
    alg: stored.alg,
    privateKey: (await importJWK(stored.privateJwk, stored.alg)) as CryptoKey,
    publicJwk: stored.publicJwk,
  };
}
