// The rnnc version written into every saved model, read from the installed package.json so a
// release never writes a stale number.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const RNNC_VERSION: string = (require('../../../package.json') as { version: string }).version;
