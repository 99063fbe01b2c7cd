// The checker's diagnostics as LSP diagnostics, and when to publish them: a change waits until
// the document has been quiet for a few milliseconds, so a burst of edits is checked once, and a
// result is published only for the document's current version and never over a newer one.

import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Analysis } from './analysis.ts';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** Codes whose range is code that does nothing, which editors fade out. */
const UNNECESSARY = new Set(['W0402']);

export function toLspDiagnostic(d: Diagnostic, a: Analysis): LspDiagnostic {
  const out: LspDiagnostic = {
    range: a.range(d.range),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'rnnc',
    message: d.hint ? `${d.message}\nhelp: ${d.hint}` : d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((l) => ({ location: { uri: a.uri, range: a.range(l.range) }, message: l.message }));
  }
  if (UNNECESSARY.has(d.code)) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

export interface SchedulerOptions {
  /** How long the document must be quiet before it is checked, in ms. */
  readonly quiet: number;
  /** The longest a change waits for its diagnostics while edits keep coming, in ms. */
  readonly maxWait: number;
}

interface Pending {
  timer: ReturnType<typeof setTimeout>;
  /** When the oldest change not yet published arrived. */
  readonly since: number;
}

/**
 * Decides when to check and publish. Checking runs on this thread, so edits that arrive while a
 * check runs queue up behind it; they are read within a millisecond or two of each other, and
 * each restarts the quiet time, so the whole queue is folded into the next check. The quiet time
 * is short because it is added to every keystroke's wait for its diagnostics.
 */
export class DiagnosticScheduler {
  private readonly pending = new Map<string, Pending>();
  private readonly published = new Map<string, number>();

  constructor(
    /** The current analysis of an open document (computed if need be), or undefined if closed. */
    private readonly analyze: (uri: string) => Analysis | undefined,
    private readonly send: (uri: string, version: number | undefined, diagnostics: LspDiagnostic[]) => void,
    private readonly options: SchedulerOptions = { quiet: 5, maxWait: 200 },
  ) {}

  /** The document was opened or changed. */
  changed(uri: string, now = Date.now()): void {
    const since = this.pending.get(uri)?.since ?? now;
    this.cancel(uri);
    const delay = Math.max(0, Math.min(this.options.quiet, since + this.options.maxWait - now));
    this.pending.set(uri, { since, timer: setTimeout(() => this.run(uri), delay) });
  }

  /** The document was closed: nothing to show for it any more. */
  closed(uri: string): void {
    this.cancel(uri);
    this.published.delete(uri);
    this.send(uri, undefined, []);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }

  private cancel(uri: string): void {
    const p = this.pending.get(uri);
    if (p) clearTimeout(p.timer);
    this.pending.delete(uri);
  }

  private run(uri: string): void {
    this.pending.delete(uri);
    const a = this.analyze(uri);
    if (!a) return;
    // The analysis is of the current text, so it is never older than what was shown; the guard
    // keeps that true should checking ever move off this thread.
    const last = this.published.get(uri);
    if (last !== undefined && a.version < last) return;
    this.published.set(uri, a.version);
    this.send(uri, a.version, a.result.diagnostics.map((d) => toLspDiagnostic(d, a)));
  }
}
