// The commander options of the commands that run a model, derived from the train settings'
// declarations (src/compiler/train-spec.ts), which the programs `rnnc build` writes read too.
// main.ts loads this only for train, predict and evaluate, so `rnnc --help` loads no compiler.

import { InvalidArgumentError, Option } from 'commander';
import { trainFlags, type Flag, type ModelCommand } from '../compiler/train-spec.ts';

/**
 * The options `command` takes: `'shared'` those every model command takes (the data, the batch
 * size), in order; `'train'` those only `rnnc train` takes (--epochs, --seed, --out, --log).
 */
export function modelOptions(which: 'shared' | ModelCommand): Option[] {
  const shared = (f: Flag) => (['train', 'predict', 'evaluate'] as const).every((c) => f.commands.includes(c));
  return trainFlags('rnnc')
    .filter((f) => (which === 'shared' ? shared(f) : !shared(f) && f.commands.includes(which)))
    .map((f) => {
      const option = new Option(`${f.name} <${f.value}>`, f.doc);
      return f.least === undefined ? option : option.argParser(wholeNumber(f.least));
    });
}

function wholeNumber(least: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < least) throw new InvalidArgumentError(`expected a whole number of at least ${least}, got \`${v}\``);
    return n;
  };
}
