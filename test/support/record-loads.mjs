// `node --import ./record-loads.mjs …` appends the URL of every module the process loads through
// the ES module loader to the file named by RNNC_LOAD_LOG (test/cli/loads.test.ts).
import { register } from 'node:module';

register('./record-loads-hooks.mjs', import.meta.url);
