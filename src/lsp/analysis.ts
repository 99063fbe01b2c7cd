// One version of one document, read by every request: the conversions between offsets and LSP
// positions, and what is built from the text on first use — the checker's result (parse and
// check), the layers of every model, the tokens. Completion mostly needs only the tokens, so a
// keystroke's completion does not wait for a check. A new version of the text gets a new one.

import type { Position, Range as LspRange } from 'vscode-languageserver';
import { check, type CheckResult } from '../compiler/check.ts';
import { wrappedLayers, type CheckedLayer, type CheckedModel } from '../compiler/ir.ts';
import { SourceText, tokenize, type Token } from '../parser/index.ts';
import type { Range } from '../source/text.ts';

/** A layer of a model, or the inner layer of a wrapper (`LSTM` in `Bidirectional(LSTM(64))`). */
export interface LayerSite {
  readonly layer: CheckedLayer;
  readonly model: CheckedModel;
  /** The wrapper whose argument this layer is, if any. */
  readonly owner?: CheckedLayer;
}

export class Analysis {
  readonly source: SourceText;
  private checked?: CheckResult;
  private layerSites?: LayerSite[];
  private tokenList?: Token[];
  private byRange?: Map<string, CheckedModel>;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
  ) {
    this.source = new SourceText(uri, text);
  }

  /** The parse and the checked models, with their diagnostics: computed on first use. */
  get result(): CheckResult {
    return (this.checked ??= check(this.text, this.uri));
  }

  // ---- positions -------------------------------------------------------------------------------

  position(offset: number): Position {
    const p = this.source.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  }

  range(r: Range): LspRange {
    return { start: this.position(r.start), end: this.position(r.end) };
  }

  /** The offset of an LSP position; a position past the end of its line means the line's end. */
  offset(p: Position): number {
    const line = Number.isFinite(p.line) ? Math.max(0, Math.floor(p.line)) : 0;
    const character = Number.isFinite(p.character) ? Math.max(0, Math.floor(p.character)) : 0;
    if (line >= this.source.lineCount) return this.text.length;
    return this.source.offset(line + 1, character + 1);
  }

  // ---- indexes ---------------------------------------------------------------------------------

  /** Every layer of every model, wrappers before the layers inside them, in source order. */
  layers(): readonly LayerSite[] {
    if (!this.layerSites) {
      const sites: LayerSite[] = [];
      const visit = (layer: CheckedLayer, model: CheckedModel, owner?: CheckedLayer): void => {
        sites.push(owner ? { layer, model, owner } : { layer, model });
        for (const inner of wrappedLayers(layer)) visit(inner, model, layer);
      };
      for (const model of this.result.models) for (const node of model.nodes) visit(node.layer, model);
      this.layerSites = sites.sort((a, b) => a.layer.range.start - b.layer.range.start);
    }
    return this.layerSites;
  }

  /** The innermost layer whose constructor call contains the offset (its end included). */
  layerAt(offset: number): LayerSite | undefined {
    let best: LayerSite | undefined;
    for (const site of this.layers()) {
      const r = site.layer.range;
      if (r.start > offset) break;
      if (offset <= r.end && (!best || r.end - r.start <= best.layer.range.end - best.layer.range.start)) best = site;
    }
    return best;
  }

  /** The checked model of the declaration spanning `range`, found by lookup, not search. */
  modelDeclaredAt(range: Range): CheckedModel | undefined {
    this.byRange ??= new Map(this.result.models.map((m) => [`${m.range.start}:${m.range.end}`, m]));
    return this.byRange.get(`${range.start}:${range.end}`);
  }

  modelAt(offset: number): CheckedModel | undefined {
    return this.result.models.find((m) => m.range.start <= offset && offset <= m.range.end);
  }

  /** The tokens and comments of the text, in order (the lexer alone: no parse needed). */
  tokens(): readonly Token[] {
    return (this.tokenList ??= tokenize(this.text));
  }
}

/** Whether the offset lies in the range, its end included (the cursor just after a word is on it). */
export function touches(r: Range, offset: number): boolean {
  return r.start <= offset && offset <= r.end;
}
