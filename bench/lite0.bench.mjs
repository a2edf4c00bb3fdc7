// The shipped classifyImage network (EfficientNet-Lite0 + a sigmoid unit, 224×224) in Neurite and
// the same network with the same weights in TensorFlow.js (tfjs-backend-wasm, XNNPACK SIMD, one
// thread in Node), model.predict only, interleaved rounds, medians. Writes bench/results/lite0.md.
//
//   node bench/lite0.bench.mjs [--quick] [--rounds 3]
//
// The TF.js copy is a functional model built from TF.js' own layers (conv2d, depthwiseConv2d,
// batchNormalization, activation relu6, add, …), with every weight copied from the shipped model
// by name; its output is checked against Neurite's before timing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { tensor } from '@neurite/core';
import { loadImageClassifier } from '@neurite/image';
import { useTfjsBackend } from './tfjs-models.mjs';
import { formatMs, medianMs, ratio } from './timing.mjs';

const quick = process.argv.includes('--quick');
const roundsArg = process.argv.indexOf('--rounds');
const rounds = quick ? 1 : roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;

await useTfjsBackend('wasm');
const { model } = await loadImageClassifier();
const side = model.inputShape[1];
const weights = new Map(model.weights.map((w) => [w.name, w.read()]));

// Build the TF.js functional model, remembering which of our variables each TF.js layer takes.
const assignments = [];
const withWeights = (layer, names) => (assignments.push({ layer, names }), layer);
const bnNames = (name) => ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) => `${name}/${w}`);
const input = tf.input({ shape: [side, side, 3] });
let x = input;
for (const layer of model.layers) {
  const c = layer.getConfig();
  const name = layer.name;
  switch (layer.getClassName()) {
    case 'Rescaling': x = tf.layers.rescaling({ scale: c.scale, offset: c.offset }).apply(x); break;
    case 'Conv2D': x = withWeights(tf.layers.conv2d({ filters: c.filters, kernelSize: c.kernel_size, strides: c.strides, padding: c.padding, useBias: c.use_bias }), [`${name}/kernel`]).apply(x); break;
    case 'BatchNormalization': x = withWeights(tf.layers.batchNormalization({ epsilon: c.epsilon }), bnNames(name)).apply(x); break;
    case 'Activation': x = tf.layers.activation({ activation: c.activation }).apply(x); break;
    case 'GlobalAveragePooling2D': x = tf.layers.globalAveragePooling2d({}).apply(x); break;
    case 'Dropout': break;
    case 'Dense': x = withWeights(tf.layers.dense({ units: c.units, activation: c.activation }), [`${name}/kernel`, `${name}/bias`]).apply(x); break;
    case 'MBConv': {
      const block = layer; // MBConv: expand → depthwise → project, as src/mbconv.ts
      const inputOfBlock = x;
      const channels = x.shape[3];
      if (block.expandRatio !== 1) {
        x = withWeights(tf.layers.conv2d({ filters: channels * block.expandRatio, kernelSize: 1, padding: 'same', useBias: false }), [`${name}_expand_conv/kernel`]).apply(x);
        x = tf.layers.activation({ activation: 'relu6' }).apply(withWeights(tf.layers.batchNormalization({ epsilon: block.epsilon }), bnNames(`${name}_expand_bn`)).apply(x));
      }
      x = withWeights(tf.layers.depthwiseConv2d({ kernelSize: block.kernelSize, strides: block.strides, padding: 'same', useBias: false }), [`${name}_dwconv/depthwise_kernel`]).apply(x);
      x = tf.layers.activation({ activation: 'relu6' }).apply(withWeights(tf.layers.batchNormalization({ epsilon: block.epsilon }), bnNames(`${name}_dw_bn`)).apply(x));
      x = withWeights(tf.layers.conv2d({ filters: block.filters, kernelSize: 1, padding: 'same', useBias: false }), [`${name}_project_conv/kernel`]).apply(x);
      x = withWeights(tf.layers.batchNormalization({ epsilon: block.epsilon }), bnNames(`${name}_project_bn`)).apply(x);
      if (block.strides === 1 && channels === block.filters) x = tf.layers.add().apply([x, inputOfBlock]);
      break;
    }
    default: throw new Error(`lite0.bench: no TF.js mirror for ${layer.getClassName()}`);
  }
}
const theirs = tf.model({ inputs: input, outputs: x });
for (const { layer, names } of assignments) {
  layer.setWeights(names.map((n) => {
    const w = weights.get(n);
    if (!w) throw new Error(`lite0.bench: no weight ${n}`);
    return tf.tensor(w.data, w.shape);
  }));
}

const picture = (n) => Float32Array.from({ length: n * side * side * 3 }, (_, i) => ((i * 7919) % 255) / 255);
const ours1 = tensor(picture(1), [1, side, side, 3]);
const diff = Math.abs(model.predict(ours1).data[0] - theirs.predict(tf.tensor(picture(1), [1, side, side, 3])).dataSync()[0]);
if (!(diff < 1e-4)) throw new Error(`lite0.bench: TF.js copy differs from Neurite by ${diff}`);

const rows = [];
for (const batch of quick ? [1] : [1, 8]) {
  const ours = tensor(picture(batch), [batch, side, side, 3]);
  const tfx = tf.tensor(picture(batch), [batch, side, side, 3]);
  const n = [];
  const t = [];
  for (let r = 0; r < rounds; r++) {
    n.push(await medianMs(() => model.predict(ours), { repeats: quick ? 1 : 7, warmup: quick ? 1 : 2 }));
    t.push(await medianMs(() => tf.tidy(() => theirs.predict(tfx)).dataSync(), { repeats: quick ? 1 : 7, warmup: quick ? 1 : 2 }));
  }
  const med = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
  rows.push({ batch, neurite: med(n), tfjs: med(t) });
  console.log(`Lite0 predict, batch ${batch}: neurite ${formatMs(med(n))} (rounds ${n.map(formatMs).join(', ')}), tfjs-wasm ${formatMs(med(t))} (rounds ${t.map(formatMs).join(', ')})`);
}
const table = [
  '| network | batch | Neurite | tfjs-backend-wasm | Neurite vs tfjs-wasm |',
  '| --- | ---: | ---: | ---: | --- |',
  ...rows.map((r) => `| shipped classifier (EfficientNet-Lite0, ${side}×${side}) | ${r.batch} | ${formatMs(r.neurite)} | ${formatMs(r.tfjs)} | ${ratio(r.neurite, r.tfjs)} |`),
].join('\n');
console.log(`\n${table}\n(outputs agree to ${diff.toExponential(1)})`);
if (!quick) {
  const out = resolve(dirname(fileURLToPath(import.meta.url)), 'results', 'lite0.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `Measured ${new Date().toISOString().slice(0, 10)} with \`node bench/lite0.bench.mjs --rounds ${rounds}\` (Node ${process.version}, one thread, ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}): model.predict on the same input, medians of ${rounds} interleaved rounds of 7 calls each. Per call, so batch 8 is 8 images.\n\n${table}\n`);
}
