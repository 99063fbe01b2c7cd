// `rnnc train --log FILE`: one JSON object per epoch, as Keras's CSVLogger would, in JSON Lines
// (`{"epoch": 1, "loss": …, "val_loss": …, "mae": …}`; epochs count from 1). Each line is
// appended as its epoch ends, so a run that stops (NaN, Ctrl-C) keeps the epochs it finished.

import { appendFileSync, writeFileSync } from 'node:fs';
import type { Logs } from '../runtime/train/callbacks.ts';
import { cannotWrite } from './report.ts';

export class EpochLog {
  constructor(private readonly path: string) {
    try {
      writeFileSync(path, ''); // before training starts, so a bad path costs no training time
    } catch (e) {
      throw cannotWrite(path, e);
    }
  }

  write(epoch: number, logs: Logs): void {
    appendFileSync(this.path, JSON.stringify({ epoch: epoch + 1, ...logs }) + '\n');
  }
}
