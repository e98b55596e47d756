import type { IConstruct } from 'constructs';

/**
 * Construct metadata naming the file a subtree is written in (an absolute path), so the policy
 * lint can point a finding at the manifest, at `stack.ts` or at `bin/app.ts` — whichever wrote
 * the construct. Metadata stays in the cloud assembly's manifest; templates do not carry it.
 */
export const CONSTRUCT_SOURCE_METADATA = 'frontdesk:source-file';

/** Records that `construct` and everything below it come from `file`. */
export function markConstructSource(construct: IConstruct, file: string): void {
  construct.node.addMetadata(CONSTRUCT_SOURCE_METADATA, file);
}
