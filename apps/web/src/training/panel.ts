/** The in-browser training demo: fit the stripe convnet with live plots and first-layer feature maps. */
import { Callback, tensor, type Logs } from '@neurite/core';
import { drawFeatureMaps, orientationSelectivity } from './feature-maps.js';
import { buildStripeModel } from './model.js';
import { drawPlot, type Series } from './plot.js';
import { makeStripes, SIDE } from './stripes.js';

const SAMPLES = 512;
/** Images the orientation selectivity is measured on. */
const PROBE = 64;
const BATCH = 16;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** Lets the browser paint between batches (fit awaits async callbacks). */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function train(epochs: number): Promise<void> {
  const status = $<HTMLDivElement>('train-status');
  const button = $<HTMLButtonElement>('train-button');
  const plot = $<HTMLCanvasElement>('train-plot');
  const mapsBox = $<HTMLDivElement>('feature-maps');
  button.disabled = true;
  status.dataset.state = 'running';

  const data = makeStripes(SAMPLES, 7);
  const x = tensor(data.x, [SAMPLES, SIDE, SIDE, 1]);
  const y = tensor(data.y, [SAMPLES, 1]);
  const examples = [data.x.slice(0, SIDE * SIDE), data.x.slice(SIDE * SIDE, 2 * SIDE * SIDE)];
  const model = buildStripeModel();
  const before = orientationSelectivity(model, data.x, PROBE);
  drawFeatureMaps(mapsBox, model, examples, 'Before training: random filters; their maps respond to both orientations alike.', before);
  mapsBox.dataset.selectivityBefore = (before.reduce((a, b) => a + b, 0) / before.length).toFixed(4);

  const trainSamples = Math.floor(SAMPLES * 0.8);
  const steps = Math.ceil(trainSamples / BATCH);
  // fit's batch logs are running means over the epoch; the plot shows each batch's own value.
  let previous = { loss: 0, accuracy: 0, seen: 0 };
  const loss: Series = { name: 'batch loss', colour: '#d9534f', values: [], axis: 'loss' };
  const accuracy: Series = { name: 'batch accuracy', colour: '#2f6fde', values: [], axis: 'unit' };
  const valAccuracy: Series = { name: 'val accuracy', colour: '#3c9a5f', values: [], axis: 'unit', dashed: true };
  const epochMarks: number[] = [];
  const started = performance.now();
  let last: Logs = {};

  const live = new (class extends Callback {
    override async onBatchEnd(batch: number, logs: Logs): Promise<void> {
      if (batch === 0) previous = { loss: 0, accuracy: 0, seen: 0 };
      const seen = Math.min(trainSamples, (batch + 1) * BATCH);
      const size = seen - previous.seen;
      loss.values.push((logs.loss * seen - previous.loss * previous.seen) / size);
      accuracy.values.push((logs.accuracy * seen - previous.accuracy * previous.seen) / size);
      previous = { loss: logs.loss, accuracy: logs.accuracy, seen };
      valAccuracy.values.push(valAccuracy.values.at(-1) ?? NaN);
      drawPlot(plot, [loss, accuracy, valAccuracy], epochs * steps, epochMarks);
      status.textContent = `epoch ${epochMarks.length + 1}/${epochs}, batch ${batch + 1}/${steps} — loss ${logs.loss.toFixed(4)}, accuracy ${logs.accuracy.toFixed(3)}`;
      await nextFrame();
    }
    override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
      last = logs;
      epochMarks.push(loss.values.length - 1);
      for (let i = valAccuracy.values.length - steps; i < valAccuracy.values.length; i++) valAccuracy.values[i] = logs.val_accuracy;
      drawPlot(plot, [loss, accuracy, valAccuracy], epochs * steps, epochMarks);
      const selectivity = orientationSelectivity(model, data.x, PROBE);
      drawFeatureMaps(mapsBox, model, examples, `After epoch ${epoch + 1}: filters turning into horizontal / vertical edge detectors; a map lights up on one kind of stripe and stays dark on the other.`, selectivity);
      await nextFrame();
    }
  })();

  try {
    await model.fit(x, y, { epochs, batchSize: BATCH, validationSplit: 0.2, verbose: 0, callbacks: [live] });
    const seconds = (performance.now() - started) / 1000;
    status.innerHTML = `Done: ${epochs} epochs in ${seconds.toFixed(1)} s — loss <b id="train-loss">${last.loss.toFixed(4)}</b>, accuracy <b id="train-accuracy">${last.accuracy.toFixed(3)}</b>, validation accuracy <b id="train-val-accuracy">${last.val_accuracy.toFixed(3)}</b>`;
    status.dataset.state = 'done';
  } catch (error) {
    status.dataset.state = 'error';
    status.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
}

export function setUpTrainingPanel(): void {
  $<HTMLFormElement>('train-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const epochs = Math.min(50, Math.max(1, Math.round(Number($<HTMLInputElement>('train-epochs').value) || 8)));
    void train(epochs);
  });
}
