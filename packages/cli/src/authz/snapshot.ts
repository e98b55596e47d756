import type { CfnTemplate } from '@frontdesk/gateway-core/policy';

/**
 * What one revision looks like to the authz diff, as `synthesize-revision.ts` prints it: each
 * selected app's validated manifest (plain JSON) and synthesized template, and the shared stack's
 * template. Everything the diff reports is derived from these, so a new manifest field or a new
 * kind of grant shows up without the loader changing.
 */
export interface RevisionApp {
  /** The folder under `apps/`. */
  readonly folder: string;
  /** Repository-relative path of `app.config.ts`. */
  readonly manifestFile: string;
  readonly manifest: Record<string, unknown> & { readonly name: string };
  template?: CfnTemplate;
  /** First line of the error when the app's stack did not synthesize. */
  synthError?: string;
}

interface BrokenRevisionApp {
  readonly folder: string;
  readonly manifestFile: string;
  readonly error: string;
}

export interface RevisionSnapshot {
  readonly stage: string;
  readonly apps: RevisionApp[];
  readonly broken: BrokenRevisionApp[];
  /** Present when the shared stack was in scope. */
  shared?: { template?: CfnTemplate; synthError?: string };
}
