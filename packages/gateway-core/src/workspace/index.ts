export { findManifestFiles, loadManifest, loadWorkspace, MANIFEST_FILE, type LoadedApp, type BrokenApp, type LoadOptions } from './load.ts';
export { checkWorkspace, conflictsWith, assertWorkspace, type WorkspaceFinding, type FindingLevel } from './check.ts';
