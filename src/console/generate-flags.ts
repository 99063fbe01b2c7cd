// The flags of generation, declared once: `rnnc generate` (src/cli/main.ts) registers them with
// commander, and the `generate` command of a program `rnnc build` writes for a model with a decode
// block (src/emit/program/generate.ts) reads them with node:util's parseArgs. Each is text: the
// numbers are read, and refused with E0713, by generate-run.ts, the same way for both.
// No imports: src/cli/main.ts loads this for every command, `rnnc --version` included.

export interface GenerateFlag {
  readonly name: `--${string}`;
  /** The key its value is parsed into: `topK` for --top-k (as commander names it). */
  readonly key: string;
  /** What its value is called in help: `--top-k <k>` (rnnc), `--top-k K` (a program). */
  readonly value: string;
  readonly doc: string;
  /** Generation cannot start without it. */
  readonly required?: true;
  /** Given once per value (`--text a --text b`), read as a list. */
  readonly repeatable?: true;
}

export const GENERATE_FLAGS: readonly GenerateFlag[] = [
  { name: '--model', key: 'model', value: 'dir', doc: 'the directory the trained model was saved in (--out)', required: true },
  { name: '--source', key: 'source', value: 'file', doc: "a model with an encoder: a .npy of source ids, one sequence per row (or an .npz holding them by the input's name); or text through its vocabulary, a .txt (one sentence per line) or .jsonl" },
  { name: '--text', key: 'text', value: 'sentence', doc: "a source sentence, through the model's saved vocabulary (repeat for several)", repeatable: true },
  { name: '--prompt', key: 'prompt', value: 'ids', doc: 'a language model: the ids to continue (5,3,9), or text with --vocab (or a model trained on a .txt)' },
  { name: '--vocab', key: 'vocab', value: 'file', doc: "a JSON array of the tokens in id order: prompts and output as text (default: a text corpus's saved characters)" },
  { name: '--temperature', key: 'temperature', value: 't', doc: 'sample, with this temperature (> 0; lower is greedier)' },
  { name: '--top-k', key: 'topK', value: 'k', doc: 'sample among the k likeliest tokens' },
  { name: '--beam', key: 'beam', value: 'width', doc: 'beam search of this width (1 is greedy)' },
  { name: '--max-length', key: 'maxLength', value: 'n', doc: "the most tokens per sequence (default: the decode block's max_length)" },
  { name: '--seed', key: 'seed', value: 'n', doc: 'seeds sampling (default: random)' },
];
