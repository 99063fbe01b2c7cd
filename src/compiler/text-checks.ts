// What the checker says about raw text beyond TextVectorization's own shape rule: text goes
// into a TextVectorization and nowhere else (E0214), and the Embedding that reads its ids has a
// row for each of them (E0215). Keras finds neither before running: a Dense fed strings fails in
// TensorFlow's cast, and an id past an Embedding's table is an index error on the first batch.

import type { LayerConfig } from './config-value.ts';
import type { LayerDef, ShapeError } from './layers/layer-def.ts';
import type { TensorType } from './tensor-type.ts';

interface ProducerLike {
  readonly ctor: { readonly def: Pick<LayerDef, 'name'>; readonly config: LayerConfig; readonly name?: string | null };
}

export type TextMisuse = Required<Pick<ShapeError, 'code' | 'message' | 'label' | 'hint'>> & Pick<ShapeError, 'arg'>;

export function textMisuse(def: Pick<LayerDef, 'name'>, config: LayerConfig, inputs: readonly TensorType[], producers: readonly (ProducerLike | undefined)[]): TextMisuse | null {
  if (def.name !== 'TextVectorization' && hasText(inputs)) {
    return {
      code: 'E0214',
      message: `${def.name} cannot take text: raw strings become numbers through a TextVectorization first`,
      label: 'gets string values',
      hint: `put \`TextVectorization(max_tokens=…, output_sequence_length=…)\` between the text input and ${def.name}, and an Embedding after it`,
    };
  }
  const from = producers[0]?.ctor;
  if (def.name === 'Embedding' && from?.def.name === 'TextVectorization') {
    const maxTokens = from.config['max_tokens'];
    const inputDim = config['input_dim'];
    if (typeof maxTokens === 'number' && typeof inputDim === 'number' && inputDim < maxTokens) {
      return {
        code: 'E0215',
        arg: 'input_dim',
        message: `Embedding(${inputDim}, …) has rows for ids 0 to ${inputDim - 1}, but the TextVectorization before it gives ids 0 to ${maxTokens - 1} (max_tokens=${maxTokens})`,
        label: `needs at least ${maxTokens}`,
        hint: `make it Embedding(${maxTokens}, …), or lower max_tokens to ${inputDim}`,
      };
    }
  }
  return null;
}

/** Whether any input is raw text (a loop rather than some() and a callback: run for every layer). */
function hasText(inputs: readonly TensorType[]): boolean {
  for (const t of inputs) if (t.dtype === 'string') return true;
  return false;
}
