import { createRequire, isBuiltin } from 'node:module';
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const PROBE = 'frontdesk-lazy-packages';

/**
 * A dynamic `import()` of an installed package (the secrets helpers' AWS SDK clients) stays a
 * dynamic import in a local bundle, of the file it resolves to from the importing module (an
 * absolute `file:` URL: the bundle sits in `.frontdesk/`, where the app's node_modules do not
 * resolve). Deployed, the SDK is external too and Lambda's runtime loads it on that first
 * `import()`; inlining it locally made esbuild parse and link the ~850 files of the SSM and
 * Secrets Manager clients on every save, for code that tree-shaking then left out. Static
 * imports and workspace packages are bundled as before.
 */
export function lazyPackagesFromNodeModules(): Plugin {
  return {
    name: PROBE,
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === PROBE || isBuiltin(args.path)) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: PROBE,
        });
        // Unresolvable (esbuild reports it) or a workspace package's sources: bundled as usual.
        if (resolved.errors.length > 0 || resolved.external || !resolved.path.split(sep).includes('node_modules')) return undefined;
        // The file Node itself loads for that import, not the one esbuild picked: the bundle
        // recipe's mainFields prefer `module`, which for the AWS SDK is dist-es, ESM whose
        // imports have no extensions and which plain Node cannot load (Node takes `main`, as
        // Lambda's runtime does). A package Node cannot require (ESM-only exports) is bundled.
        const nodeLoads = nodeResolve(args.path, args.importer);
        return nodeLoads === undefined ? undefined : { path: pathToFileURL(nodeLoads).href, external: true };
      });
    },
  };
}

function nodeResolve(specifier: string, importer: string): string | undefined {
  try {
    return createRequire(importer).resolve(specifier);
  } catch {
    return undefined;
  }
}
