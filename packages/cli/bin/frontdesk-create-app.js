#!/usr/bin/env node
// `frontdesk-create-app` (a bin of @frontdesk/cli): runs src/create-app/main.ts through this package's own tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/create-app/main.ts');
