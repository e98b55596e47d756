import type { Finding } from './finding.ts';
import type { PolicyStack } from './input.ts';

/**
 * Points a finding about a synthesized construct at the file that wrote it: a construct under a
 * stack's {@link PolicyStack.constructSources} subtree belongs to that subtree's file (the
 * manifest for `<stack>/App`, `stack.ts` for `<stack>/Extension`); any other construct of the
 * stack was written by its CDK app (`bin/app.ts` or what it imports). The construct's own id
 * becomes the anchor, so the report can name the line that creates it.
 */
export function attributeFinding<T extends Finding>(finding: T, stacks: readonly PolicyStack[]): T {
  const stack = stacks.find(
    (candidate) => candidate.app === finding.app && finding.resource.path.startsWith(`${candidate.constructPath ?? candidate.stackName}/`),
  );
  if (!stack?.sourceFile) return finding;
  const owner = (stack.constructSources ?? [])
    .filter((source) => finding.resource.path === source.path || finding.resource.path.startsWith(`${source.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  // Findings on manifest-built constructs already point at the manifest line they came from.
  if (owner && finding.file === owner.file) return finding;
  const file = owner?.file ?? stack.sourceFile;
  const { line: _line, anchor: _anchor, ...rest } = finding;
  if (owner && !owner.namesConstructs) return { ...rest, file, ...(finding.anchor ? { anchor: finding.anchor } : {}) } as T;
  const anchor = finding.resource.path.slice((owner?.path ?? stack.constructPath ?? stack.stackName).length + 1).split('/')[0];
  return { ...rest, file, ...(anchor ? { anchor } : {}) } as T;
}
