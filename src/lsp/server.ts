// The language server's requests and notifications, on any LSP connection. Every handler is
// total: whatever the text, an exception in one request is logged to the client and answered
// with an empty result, and the server goes on answering. The only state is the open documents
// (documents.ts) and when their diagnostics are due (diagnostics.ts).

import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type Location,
} from 'vscode-languageserver';
import type { Analysis } from './analysis.ts';
import { completion } from './completion.ts';
import { DiagnosticScheduler } from './diagnostics.ts';
import { Documents } from './documents.ts';
import { codeActions, formatting, workspaceEdit } from './edits.ts';
import { hover } from './hover.ts';
import { inlayHints } from './inlay-hints.ts';
import { invalidName, nameAt } from './names.ts';
import { documentSymbols } from './symbols.ts';
import packageJson from '../../package.json' with { type: 'json' };

/** The package's version (it was a second, hand-kept copy of it); read here, not from the runtime's
 *  save/version.ts, because the language server never loads the runtime. */
export const SERVER_VERSION: string = packageJson.version;

export function serve(connection: Connection): void {
  const log = (what: string, e: unknown) => {
    try {
      connection.console.error(`rnnc: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } catch {
      // The client is gone; nothing to tell.
    }
  };
  const scheduler: DiagnosticScheduler = new DiagnosticScheduler(
    (uri) => documents.analysis(uri),
    (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics }).catch((e: unknown) => log('publishing diagnostics', e)),
  );
  const documents = new Documents();
  let versionedEdits = false;

  /** Runs a handler; a failure is logged and answered with `fallback`. Deliberate refusals pass. */
  function guard<P, R>(what: string, fallback: R, handler: (params: P) => R): (params: P) => R {
    return (params) => {
      try {
        return handler(params);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log(what, e);
        return fallback;
      }
    };
  }

  /** A request about a document: its current analysis, or the fallback if it is not open. */
  function onDocument<P extends { textDocument: { uri: string } }, R>(what: string, fallback: R, handler: (a: Analysis, params: P) => R): (params: P) => R {
    return guard(what, fallback, (params: P) => {
      const a = documents.analysis(params.textDocument.uri);
      return a ? handler(a, params) : fallback;
    });
  }

  connection.onInitialize(
    guard('initialize', { capabilities: {} }, (params): InitializeResult => {
      versionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          hoverProvider: true,
          completionProvider: { triggerCharacters: ['(', '=', ',', '['] },
          inlayHintProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          documentFormattingProvider: true,
          documentSymbolProvider: true,
          definitionProvider: true,
          referencesProvider: true,
          renameProvider: { prepareProvider: true },
        },
        serverInfo: { name: 'rnnc', version: SERVER_VERSION },
      };
    }),
  );

  connection.onDidOpenTextDocument(
    guard('didOpen', undefined, ({ textDocument: d }) => {
      documents.open(d.uri, d.version, d.text);
      scheduler.changed(d.uri);
    }),
  );
  connection.onDidChangeTextDocument(
    guard('didChange', undefined, ({ textDocument: d, contentChanges }) => {
      if (documents.change(d.uri, d.version, contentChanges)) scheduler.changed(d.uri);
    }),
  );
  connection.onDidCloseTextDocument(
    guard('didClose', undefined, ({ textDocument: d }) => {
      documents.close(d.uri);
      scheduler.closed(d.uri);
    }),
  );

  connection.onHover(onDocument('hover', null, (a, p) => hover(a, a.offset(p.position))));
  connection.onCompletion(onDocument('completion', [], (a, p) => completion(a, a.offset(p.position))));
  connection.languages.inlayHint.on(onDocument('inlay hints', [], (a, p) => inlayHints(a, a.offset(p.range.start), a.offset(p.range.end))));
  connection.onCodeAction(onDocument('code actions', [], (a, p) => codeActions(a, a.offset(p.range.start), a.offset(p.range.end), versionedEdits)));
  connection.onDocumentFormatting(onDocument('formatting', [], (a) => formatting(a)));
  connection.onDocumentSymbol(onDocument('document symbols', [], (a) => documentSymbols(a)));

  connection.onDefinition(
    onDocument('definition', null, (a, p): Location | null => {
      const def = nameAt(a, a.offset(p.position))?.definition;
      return def ? { uri: a.uri, range: a.range(def) } : null;
    }),
  );
  connection.onReferences(
    onDocument('references', [], (a, p): Location[] => {
      const info = nameAt(a, a.offset(p.position));
      if (!info) return [];
      const def = info.definition;
      return info.occurrences.filter((r) => p.context.includeDeclaration || r !== def).map((r) => ({ uri: a.uri, range: a.range(r) }));
    }),
  );
  connection.onPrepareRename(
    onDocument('prepare rename', null, (a, p) => {
      const info = nameAt(a, a.offset(p.position));
      return info ? { range: a.range(info.at), placeholder: info.name } : null;
    }),
  );
  connection.onRenameRequest(
    onDocument('rename', null, (a, p) => {
      const info = nameAt(a, a.offset(p.position));
      if (!info) return null;
      const invalid = invalidName(p.newName) ?? (p.newName !== info.name && info.taken.has(p.newName) ? `\`${p.newName}\` is already defined here` : undefined);
      if (invalid) throw new ResponseError(ErrorCodes.InvalidParams, invalid);
      return workspaceEdit(a, info.occurrences.map((range) => ({ range, newText: p.newName })), versionedEdits);
    }),
  );

  connection.onShutdown(() => scheduler.dispose());
  connection.listen();
}
