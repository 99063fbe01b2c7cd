// The rnnc version written into every saved model, from the package's own package.json, so a
// release never writes a stale number. Imported as JSON (not read from disk at run time) so that
// the bundle in dist/ carries it wherever its chunks lie.

import packageJson from '../../../package.json' with { type: 'json' };

export const RNNC_VERSION: string = packageJson.version;
