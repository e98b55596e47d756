#!/usr/bin/env node
// `frontdesk-authz` (a bin of @frontdesk/cli): runs src/authz/main.ts through this package's own tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/authz/main.ts');
