// Training callbacks: keras/src/callbacks/{early_stopping,model_checkpoint,reduce_lr_on_plateau,
// terminate_on_nan}.py. Canonical names are the class names. `verbose` is accepted for Keras
// compatibility; the CLI decides what to print.

import { arg, required, T } from '../layers/args.ts';
import type { ArgSpec } from '../layers/layer-def.ts';
import type { Vocab } from './vocab.ts';

const monitor: ArgSpec = arg('monitor', T.string(), 'val_loss', 'The logged quantity to watch: loss, val_loss, accuracy, val_accuracy, …', {
  positional: true,
});
const mode: ArgSpec = arg('mode', T.string(), 'auto', 'Whether the quantity should go "min" or "max"; "auto" infers it from the name.');
const verbose: ArgSpec = arg('verbose', T.int(0, 1), 0, 'Print a message when the callback acts (0 or 1).');

export const CALLBACKS: Vocab = [
  {
    name: 'EarlyStopping',
    doc: 'Stops training when the monitored quantity stops improving.',
    args: [
      monitor,
      arg('min_delta', T.float({ min: 0 }), 0, 'Smallest change that counts as an improvement.'),
      arg('patience', T.int(0), 0, 'Epochs without improvement before stopping.'),
      verbose,
      mode,
      arg('baseline', T.optional(T.float()), null, 'Stop unless the quantity beats this value (None: no baseline).'),
      arg('restore_best_weights', T.bool(), false, 'Restore the weights of the best epoch when training ends.'),
      arg('start_from_epoch', T.int(0), 0, 'Warm-up epochs before monitoring starts.'),
    ],
  },
  {
    name: 'ModelCheckpoint',
    // Keras requires a .keras/.h5 path; rnnc saves the TensorFlow.js Layers format, so the path
    // names a directory (model.json + weights.bin). `{epoch}` and logged names may be formatted in.
    doc: 'Saves the model during training, every epoch or only when the monitored quantity improves.',
    args: [
      required('filepath', T.string(), 'Where to save: a directory, relative to the .rnn file; may contain {epoch}.', {
        positional: true,
      }),
      monitor,
      verbose,
      arg('save_best_only', T.bool(), false, 'Save only when the monitored quantity improves.'),
      arg('save_weights_only', T.bool(), false, 'Save the weights only, not the topology.'),
      mode,
      arg('save_freq', T.string(), 'epoch', 'When to save: "epoch" (saving every N batches is not supported).'),
      arg('initial_value_threshold', T.optional(T.float()), null, 'Only save once the quantity beats this value.'),
    ],
  },
  {
    name: 'ReduceLROnPlateau',
    doc: 'Multiplies the learning rate by factor when the monitored quantity stops improving.',
    args: [
      monitor,
      arg('factor', T.float({ min: 0, max: 1, minExclusive: true, maxExclusive: true }), 0.1, 'new_lr = lr · factor (below 1).'),
      arg('patience', T.int(0), 10, 'Epochs without improvement before reducing.'),
      verbose,
      mode,
      arg('min_delta', T.float({ min: 0 }), 1e-4, 'Smallest change that counts as an improvement.'),
      arg('cooldown', T.int(0), 0, 'Epochs to wait after a reduction before watching again.'),
      arg('min_lr', T.float({ min: 0 }), 0.0, 'The learning rate never goes below this.'),
    ],
  },
  { name: 'TerminateOnNaN', doc: 'Stops training as soon as the loss becomes NaN.' },
];
