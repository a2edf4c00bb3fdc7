// Soak test: many predictions and training steps on two small models (a CNN: conv2d, pooling,
// dense; a text model: embedding, LSTM, dense), with no dispose() anywhere, printing the JS heap
// (after a full GC), RSS and the WASM linear memory at the start, after warm-up, at each quarter
// and at the end. Exits with status 1 if the WASM memory grew after warm-up.
//
//   node bench/soak.mjs [--predictions 100000] [--steps 10000] [--quick] [--wasm path.wasm]
//
// --quick: 2,000 predictions and 200 steps. --wasm: run another build of crates/kernels.
// Not part of the test suite (packages/core/src/model/memory.test.ts is the fast version).
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { heapBytes, initSync } from '@neurite/kernels';
import { layers, sequential, setSeed, tensor } from '@neurite/core';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const quick = args.includes('--quick');
const predictions = Number(opt('predictions', quick ? '2000' : '100000'));
const steps = Number(opt('steps', quick ? '200' : '10000'));
const wasmPath = opt('wasm', '');
initSync(wasmPath ? readFileSync(wasmPath) : undefined);

// A full collection before each reading, so the JS heap figure is what is really retained.
v8.setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? vm.runInNewContext('gc');

const MB = 2 ** 20;
const rows = [];
function reading(label, extra = '') {
  gc();
  gc();
  const m = process.memoryUsage();
  const row = { label, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, rss: m.rss, wasm: heapBytes() };
  rows.push(row);
  const f = (b) => `${(b / MB).toFixed(2).padStart(8)} MB`;
  console.log(`${label.padEnd(22)} JS heap ${f(row.heapUsed)}  arrayBuffers ${f(row.arrayBuffers)}  RSS ${f(row.rss)}  WASM ${f(row.wasm)}${extra}`);
  return row;
}

let seed = 1;
function random(n, scale = 1) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    out[i] = (seed / 2 ** 32) * scale;
  }
  return out;
}

setSeed(1);
const cnn = sequential({ seed: 1 });
cnn.add(layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [16, 16, 1] }));
cnn.add(layers.maxPooling2d({ poolSize: 2 }));
cnn.add(layers.flatten());
cnn.add(layers.dense({ units: 3, activation: 'softmax' }));
cnn.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });

const text = sequential({ seed: 2 });
text.add(layers.embedding({ inputDim: 50, outputDim: 8, inputLength: 10 }));
text.add(layers.lstm({ units: 16 }));
text.add(layers.dense({ units: 1, activation: 'sigmoid' }));
text.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: ['accuracy'] });

const batch = 8;
const images = tensor(random(batch * 16 * 16), [batch, 16, 16, 1]);
const labels = tensor(random(batch, 3).map(Math.floor), [batch]);
const ids = tensor(random(batch * 10, 50).map(Math.floor), [batch, 10]);
const targets = tensor(random(batch).map(Math.round), [batch, 1]);
const oneImage = tensor(random(16 * 16), [1, 16, 16, 1]);
const oneText = tensor(random(10, 50).map(Math.floor), [1, 10]);

function predictMany(n) {
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) cnn.predict(oneImage);
    else text.predict(oneText);
  }
}
function trainMany(n) {
  let loss = 0;
  for (let i = 0; i < n; i++) loss = i % 2 === 0 ? cnn.trainOnBatch(images, labels).loss : text.trainOnBatch(ids, targets).loss;
  return loss;
}

console.log(`Soak: ${predictions} predictions (batch 1) and ${steps} training steps (batch ${batch}), alternating a CNN and an LSTM model; Node ${process.version}`);
reading('start');
predictMany(100);
trainMany(100);
const warm = reading('after warm-up');

/** Runs `fn`, returning its wall and CPU milliseconds (the readings' GCs are not counted). */
function timed(fn) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = fn();
  const d = process.cpuUsage(cpu);
  return { result, wall: performance.now() - t, cpu: (d.user + d.system) / 1000 };
}

const predictTime = { wall: 0, cpu: 0 };
for (let q = 1; q <= 4; q++) {
  const t = timed(() => predictMany(Math.round((predictions * q) / 4) - Math.round((predictions * (q - 1)) / 4)));
  predictTime.wall += t.wall;
  predictTime.cpu += t.cpu;
  reading(`predictions ${q}/4`);
}
const trainTime = { wall: 0, cpu: 0 };
for (let q = 1; q <= 4; q++) {
  const t = timed(() => trainMany(Math.round((steps * q) / 4) - Math.round((steps * (q - 1)) / 4)));
  trainTime.wall += t.wall;
  trainTime.cpu += t.cpu;
  reading(`training steps ${q}/4`, `  last loss ${t.result.toFixed(4)}`);
}
const end = rows[rows.length - 1];

const per = (t, n, unit) => `${((unit * t.wall) / n).toFixed(1)} wall / ${((unit * t.cpu) / n).toFixed(1)} CPU`;
console.log(`predict: ${per(predictTime, predictions, 1000)} µs per call; trainOnBatch: ${per(trainTime, steps, 1000)} µs per step`);
const grew = end.wasm - warm.wasm;
console.log(`after warm-up → end: WASM ${grew >= 0 ? '+' : ''}${(grew / MB).toFixed(2)} MB, JS heap ${((end.heapUsed - warm.heapUsed) / MB).toFixed(2)} MB, arrayBuffers ${((end.arrayBuffers - warm.arrayBuffers) / MB).toFixed(2)} MB, RSS ${((end.rss - warm.rss) / MB).toFixed(2)} MB`);
if (grew !== 0) {
  console.log('FAIL: the WASM memory grew after warm-up.');
  process.exitCode = 1;
}
