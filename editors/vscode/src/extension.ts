// The VS Code side of rnnc: starts `rnnc lsp` for .rnn files and hands VS Code what it says —
// diagnostics, hover, inlay hints, completion, quick fixes, formatting, symbols, rename. All the
// language knowledge lives in the server; this file only finds the program and starts it.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The configured program, else the workspace's own rnnc, else `rnnc` on the PATH. */
function rnncCommand(): string {
  const configured = vscode.workspace.getConfiguration('rnnc').get<string>('server.command')?.trim();
  if (configured) return configured;
  const bin = process.platform === 'win32' ? 'rnnc.cmd' : 'rnnc';
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, 'node_modules', '.bin', bin);
    if (existsSync(local)) return local;
  }
  return bin;
}

async function start(context: vscode.ExtensionContext, output: vscode.OutputChannel): Promise<void> {
  const command = rnncCommand();
  // With the stdio transport the client adds `--stdio`, which `rnnc lsp` accepts.
  const run = { command, args: ['lsp'], transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'rnn' },
      { scheme: 'untitled', language: 'rnn' },
    ],
    outputChannel: output,
  };
  client = new LanguageClient('rnnc', 'rnnc', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`rnnc: could not start \`${command} lsp\` (${e instanceof Error ? e.message : String(e)}). Install rnnc (npm install rnnc) or set rnnc.server.command.`);
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('rnnc');
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('rnnc.restartServer', async () => {
      await client?.stop();
      await start(context, output);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('rnnc.server.command')) await vscode.commands.executeCommand('rnnc.restartServer');
    }),
  );
  await start(context, output);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
