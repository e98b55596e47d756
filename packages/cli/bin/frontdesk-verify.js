#!/usr/bin/env node
// `frontdesk-verify` (a bin of @frontdesk/cli): runs src/verify/main.ts through this package's own tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/verify/main.ts');
