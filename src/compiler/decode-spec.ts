// The settings of a `decode` block, declared once: the checker (decode.ts) reads their names and
// the language server completes and hovers them from here (src/lsp/vocabulary.ts).

export interface DecodeSettingSpec {
  readonly name: 'feed' | 'start' | 'end' | 'max_length';
  /** What the value is written as, for hover: `an input's name`, `a token id`. */
  readonly value: string;
  /** The default, as written in the block; undefined when there is none. */
  readonly default?: string;
  readonly doc: string;
}

/** The longest output when the block gives no `max_length`. */
export const DEFAULT_MAX_LENGTH = 50;

export const DECODE_SETTINGS: readonly DecodeSettingSpec[] = [
  {
    name: 'feed',
    value: "an input's name",
    default: 'the only input',
    doc: 'The input that reads the target shifted by one step (teacher forcing): at generation time each step feeds it the token chosen at the step before. The other inputs are the source, read once by the encoder.',
  },
  {
    name: 'start',
    value: 'a token id; for a fed text input, the token as text ("[start]")',
    default: 'None',
    doc: 'The token fed at the first step (`<go>`). Required for a model with an encoder; a language model may start from a prompt instead. When `feed` is a text input, write it as text (`start = "[start]"`): it becomes a reserved id of that input’s TextVectorization, and rnnc makes the training labels itself — each target wrapped in start and end, the decoder reading all but the last token and learning all but the first.',
  },
  {
    name: 'end',
    value: 'a token id, or None; for a fed text input, the token as text ("[end]")',
    default: 'None',
    doc: 'The token that ends a sequence (`<eos>`): generation stops at it, and it is not part of the output. None: every sequence runs to max_length. Required, as text (`end = "[end]"`), when `feed` is a text input.',
  },
  {
    name: 'max_length',
    value: 'a positive integer',
    default: String(DEFAULT_MAX_LENGTH),
    doc: 'The most tokens generated for one sequence (the prompt and the start token not counted).',
  },
];

export function decodeSetting(name: string): DecodeSettingSpec | undefined {
  return DECODE_SETTINGS.find((s) => s.name === name);
}
