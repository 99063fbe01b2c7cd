// A language client for the tests and the benchmark: starts the real `rnnc lsp` (bin/rnnc.js
// under node) as a child process and speaks JSON-RPC to it over stdio with
// vscode-languageserver-protocol, as an editor does. It keeps each open document's text, so a
// test can apply the server's edits and send them back as changes.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const BIN = fileURLToPath(new URL('../../bin/rnnc.js', import.meta.url));

export interface StartOptions {
  readonly capabilities?: ClientCapabilities;
  /** More arguments after `rnnc lsp --stdio`. */
  readonly args?: readonly string[];
}

export class LspClient {
  readonly connection: ProtocolConnection;
  /** Every diagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** The server's log messages (window/logMessage). */
  readonly logs: string[] = [];
  stderr = '';
  private readonly docs = new Map<string, TextDocument>();
  private waiters: (() => void)[] = [];
  private exited = false;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.notify();
    });
    this.connection.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
    });
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    child.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio', ...(options.args ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child);
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? { workspace: { workspaceEdit: { documentChanges: true } } },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get alive(): boolean {
    return !this.exited;
  }

  text(uri: string): string {
    return this.docs.get(uri)?.getText() ?? '';
  }

  version(uri: string): number {
    return this.docs.get(uri)?.version ?? 0;
  }

  /** Position ↔ offset in the client's copy of the document. */
  doc(uri: string): TextDocument {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d;
  }

  async open(uri: string, text: string): Promise<void> {
    this.docs.set(uri, TextDocument.create(uri, 'rnn', 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rnn', version: 1, text } });
  }

  /** Sends changes (ranged or whole-text) as the next version; returns that version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = this.version(uri) + 1;
    this.docs.set(uri, TextDocument.update(this.doc(uri), changes, version));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Applies edits (from a code action or formatting) locally and sends them as one change. */
  async applyEdits(uri: string, edits: readonly TextEdit[]): Promise<number> {
    const text = TextDocument.applyEdits(this.doc(uri), [...edits]);
    return this.change(uri, [{ text }]);
  }

  /** The first diagnostics published for this version of the document (or a later one). */
  async diagnosticsFor(uri: string, version: number, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
    const found = () => this.published.find((p) => p.uri === uri && (p.version ?? 0) >= version);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = found();
      if (hit) return hit;
      if (this.exited) throw new Error(`the server exited while waiting for diagnostics\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Shuts the server down as an editor does; resolves with its exit code. */
  async stop(): Promise<number | null> {
    if (this.exited) return this.child.exitCode;
    const exit = new Promise<number | null>((resolve) => this.child.on('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => this.child.kill(), 5_000);
    const code = await exit;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
