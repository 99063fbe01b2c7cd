// `rnnc lsp`: the language server on stdin and stdout. stdout carries only the protocol, so the
// console is sent to the client's log, and an error that escapes a handler is logged there too
// rather than ending the process. The process ends when the client sends `exit` or closes stdin.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serve } from './server.ts';

export function runLanguageServer(): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const toClient = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    try {
      connection.console[level](args.map(String).join(' '));
    } catch {
      // The client is gone.
    }
  };
  console.log = toClient('log');
  console.info = toClient('info');
  console.warn = toClient('warn');
  console.error = toClient('error');
  console.debug = toClient('log');
  process.on('uncaughtException', (e) => console.error(`rnnc: uncaught: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => console.error(`rnnc: unhandled rejection: ${String(e)}`));
  return new Promise((resolve) => {
    connection.onExit(() => resolve(0));
    serve(connection);
  });
}
