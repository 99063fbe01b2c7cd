// The abstract syntax tree: what the parser hands to every later phase. No Chevrotain type
// crosses this boundary. Every node carries its source range; a node the parser had to invent
// during error recovery is a `Missing` node with an empty range at the point of the gap, never a
// range computed from an invented token.

import type { Range } from '../source/text.ts';

export interface Identifier {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly range: Range;
}

// ---- expressions -------------------------------------------------------------------------------

/** A gap the parser filled during error recovery. Later phases accept it silently. */
export interface MissingExpr {
  readonly kind: 'Missing';
  readonly range: Range;
}

export interface NumberLit {
  readonly kind: 'Number';
  readonly value: number;
  /** True when written without a fraction or exponent (`3`, `-1`), so it can be an int. */
  readonly isInteger: boolean;
  readonly raw: string;
  readonly range: Range;
}

export interface StringLit {
  readonly kind: 'String';
  /** The decoded value (escapes applied). */
  readonly value: string;
  readonly raw: string;
  readonly range: Range;
}

export interface BoolLit {
  readonly kind: 'Bool';
  readonly value: boolean;
  readonly raw: string;
  readonly range: Range;
}

export interface NoneLit {
  readonly kind: 'None';
  readonly range: Range;
}

/** A bare name: a binding in a functional model, or an enum-like value (`tanh`, `val_loss`). */
export interface NameExpr {
  readonly kind: 'Name';
  readonly name: string;
  readonly range: Range;
}

export interface TupleExpr {
  readonly kind: 'Tuple';
  readonly items: readonly Expr[];
  readonly range: Range;
}

export interface ListExpr {
  readonly kind: 'List';
  readonly items: readonly Expr[];
  readonly range: Range;
}

/** `{ x = "x.npy", y = "y.npy" }` — used by the train block's `data`. */
export interface RecordExpr {
  readonly kind: 'Record';
  readonly entries: readonly Entry[];
  readonly range: Range;
}

export interface Arg {
  readonly kind: 'Arg';
  /** Present for keyword arguments (`units=64`). */
  readonly name?: Identifier;
  readonly value: Expr;
  readonly range: Range;
}

export interface ArgList {
  readonly args: readonly Arg[];
  /** From `(` to `)` inclusive; if `)` is missing, ends after the last argument. */
  readonly range: Range;
}

/**
 * `LSTM(64, return_sequences=true)` — a layer (or optimizer, initializer, callback…) constructor.
 * `apply` is the optional second argument list of the functional form:
 * `LSTM(64)(x, initial_state=[h, c])`.
 */
export interface CallExpr {
  readonly kind: 'Call';
  readonly callee: Identifier;
  readonly args: ArgList;
  readonly apply?: ArgList;
  readonly range: Range;
}

export type Expr =
  | MissingExpr
  | NumberLit
  | StringLit
  | BoolLit
  | NoneLit
  | NameExpr
  | TupleExpr
  | ListExpr
  | RecordExpr
  | CallExpr;

// ---- statements --------------------------------------------------------------------------------

/** A call on its own in a model body: the next layer of a Sequential model. */
export interface LayerStmt {
  readonly kind: 'LayerStmt';
  readonly call: CallExpr;
  readonly range: Range;
}

/** `x = Expr` or `_, h, c = Expr` in a functional model. `_` discards a value. */
export interface BindStmt {
  readonly kind: 'BindStmt';
  readonly targets: readonly Identifier[];
  readonly value: Expr;
  readonly range: Range;
}

/** `output a, b` */
export interface OutputStmt {
  readonly kind: 'OutputStmt';
  readonly values: readonly Expr[];
  readonly keyword: Range;
  readonly range: Range;
}

export type Stmt = LayerStmt | BindStmt | OutputStmt;

/** `key = value` inside a train block or a record. */
export interface Entry {
  readonly kind: 'Entry';
  readonly key: Identifier;
  readonly value: Expr;
  readonly range: Range;
}

// ---- top level ---------------------------------------------------------------------------------

export interface ModelDecl {
  readonly kind: 'Model';
  /** Undefined when the name is missing (recovery). */
  readonly name?: Identifier;
  readonly body: readonly Stmt[];
  /** The `model` keyword. */
  readonly keyword: Range;
  readonly range: Range;
}

export interface TrainDecl {
  readonly kind: 'Train';
  /** The model this block trains; undefined means the only model in the file. */
  readonly model?: Identifier;
  readonly entries: readonly Entry[];
  readonly keyword: Range;
  readonly range: Range;
}

/**
 * `decode [MODEL] { feed = tgt, start = 1, end = 2, max_length = 20 }`: how a trained model
 * generates — which input is fed back, the start and end tokens, the longest output.
 */
export interface DecodeDecl {
  readonly kind: 'Decode';
  /** The model this block decodes with; undefined means the only model in the file. */
  readonly model?: Identifier;
  readonly entries: readonly Entry[];
  readonly keyword: Range;
  readonly range: Range;
}

/** A block of `key = value` settings for a model: `train` or `decode`. */
export type SettingsDecl = TrainDecl | DecodeDecl;

export type Decl = ModelDecl | TrainDecl | DecodeDecl;

export interface FileNode {
  readonly kind: 'File';
  readonly decls: readonly Decl[];
  readonly range: Range;
}

export interface Comment {
  /** Including the leading `#`, without the line break. */
  readonly text: string;
  readonly range: Range;
}
