#!/usr/bin/env node
// `frontdesk-lint-policy` (a bin of @frontdesk/cli): runs src/lint-policy/main.ts through this package's own tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/lint-policy/main.ts');
