#!/usr/bin/env node
// The rnnc command. The sources are TypeScript; tsx compiles them on load (and caches the result),
// so a fresh clone runs after `npm ci` with no build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
