#!/usr/bin/env node
// `frontdesk-routes` (a bin of @frontdesk/cli): runs src/routes/main.ts through this package's own tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/routes/main.ts');
