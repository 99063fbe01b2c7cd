// The extension's grammar is the repository's grammar/rnn.tmLanguage.json, copied in at build
// time (an extension may only read files inside its own folder), never edited here.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../../grammar/rnn.tmLanguage.json', import.meta.url));
const to = fileURLToPath(new URL('../syntaxes/rnn.tmLanguage.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('../syntaxes/', import.meta.url)), { recursive: true });
copyFileSync(from, to);
