/**
 * Context every synthesis that reads templates (policy lint, authz diff) runs with: no esbuild
 * bundling (templates, not code), construct paths in template metadata, and validation reported
 * rather than thrown. Kept free of aws-cdk-lib imports so a child process can use it with the
 * aws-cdk-lib of another revision.
 */
export const LINT_CONTEXT = {
  'aws:cdk:bundling-stacks': [],
  'aws:cdk:enable-path-metadata': true,
  '@aws-cdk/core:failSynthOnValidationErrors': false,
} as const;
