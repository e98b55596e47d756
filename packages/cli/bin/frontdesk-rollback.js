#!/usr/bin/env node
// `frontdesk-rollback` (a bin of @frontdesk/cli): runs src/rollback/main.ts through this package's own tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/rollback/main.ts');
