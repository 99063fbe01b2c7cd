// The naive forecast for examples/forecast.rnn: "tomorrow equals today", scored on the same
// windows and the same validation part (the last 20%) as `rnnc train examples/forecast.rnn`, so
// its val_loss (MSE) and val_mae can be read against these.
//
//   npx tsx examples/forecast-baseline.ts

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsvSeries } from '../src/runtime/data/csv.ts';
import { slidingWindows } from '../src/runtime/data/windows.ts';

export const SERIES = fileURLToPath(new URL('../node_modules/vega-datasets/data/seattle-weather.csv', import.meta.url));
export const WINDOW = 20;

/** Windows of the temperature series, each labelled with the window one day later. */
export function temperatureWindows() {
  const series = readCsvSeries(readFileSync(SERIES, 'utf8'), SERIES, { column: 'temp_max' });
  return slidingWindows(series, WINDOW, 1, { kind: 'shifted' }, SERIES);
}

/** MSE and MAE of predicting each step's label with the step's own value, on windows [from, n). */
export function naiveScores(validationSplit = 0.2): { mse: number; mae: number; windows: number } {
  const { x, y } = temperatureWindows();
  const n = x.shape[0]!;
  const from = Math.floor(n * (1 - validationSplit));
  let se = 0;
  let ae = 0;
  for (let i = from * WINDOW; i < n * WINDOW; i++) {
    const e = y.data[i]! - x.data[i]!;
    se += e * e;
    ae += Math.abs(e);
  }
  const count = (n - from) * WINDOW;
  return { mse: se / count, mae: ae / count, windows: n - from };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { mse, mae, windows } = naiveScores();
  console.log(`naive forecast (tomorrow equals today) on the ${windows} validation windows: MSE ${mse.toFixed(3)}, MAE ${mae.toFixed(3)} °C`);
}
