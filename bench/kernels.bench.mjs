// Single-kernel benchmark on the seed CNN shapes: Neurite's WASM kernels against
// @tensorflow/tfjs-backend-wasm (XNNPACK, one thread) in the same process.
//
//   node kernels.bench.mjs [--batch 1,32] [--only conv2,matmul] [--repeats 5] [--wasm path.wasm] [--no-tfjs]
//
// --stat min: fastest run instead of the median.
// --wasm loads another build of crates/kernels (e.g. a candidate in /tmp) instead of the shipped one.
// Prints median wall ms, median CPU ms (process.cpuUsage: user+system) and GFLOP/s from CPU time,
// since the cores are shared with other work; the ratio column is tfjs CPU ms / Neurite CPU ms.
import { readFileSync } from 'node:fs';
import { Activation, computeConv2DInfo, initSync, wasmKernels as K } from '@neurite/kernels';
import { tf, useTfjsBackend } from './tfjs-models.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const batches = opt('batch', '1,32').split(',').map(Number);
const only = opt('only', '') ? opt('only').split(',') : null;
const repeats = Number(opt('repeats', '5'));
const withTfjs = !args.includes('--no-tfjs');
const wasmPath = opt('wasm', '');
// --stat min reports the fastest run instead of the median (steadier while the cores are shared).
const pick = opt('stat', 'median') === 'min' ? (v) => v.sort((a, b) => a - b)[0] : (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
initSync(wasmPath ? readFileSync(wasmPath) : undefined);
if (withTfjs) await useTfjsBackend('wasm');

function rand(n, seed = 1) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    a[i] = (s / 2 ** 32) * 2 - 1;
  }
  return a;
}

/** Median wall and CPU ms of `run` after one warm-up call. */
function measure(run) {
  run();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < repeats; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    run();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: pick(wall), cpu: pick(cpu) };
}

const convs = [
  { name: 'conv1', h: 150, c: 3, outC: 32 },
  { name: 'conv2', h: 74, c: 32, outC: 64 },
  { name: 'conv3', h: 36, c: 64, outC: 128 },
];

function cases(batch) {
  const list = [];
  for (const cv of convs) {
    const info = computeConv2DInfo([batch, cv.h, cv.h, cv.c], [3, 3], [1, 1], [1, 1], 'valid', cv.outC);
    const flop = 2 * batch * info.outH * info.outW * cv.outC * 9 * cv.c;
    const x = rand(batch * cv.h * cv.h * cv.c, 1);
    const w = rand(9 * cv.c * cv.outC, 2);
    const bias = rand(cv.outC, 3);
    const out = new Float32Array(batch * info.outH * info.outW * cv.outC);
    const dy = rand(out.length, 4);
    const dx = new Float32Array(x.length);
    const dw = new Float32Array(w.length);
    const tx = () => tf.tensor4d(x, [batch, cv.h, cv.h, cv.c]);
    list.push({
      name: `${cv.name} fwd`, flop,
      neurite: () => K.conv2d(x, w, bias, out, info, Activation.Relu),
      tfjs: () => {
        const [xt, wt, bt] = [tx(), tf.tensor4d(w, [3, 3, cv.c, cv.outC]), tf.tensor1d(bias)];
        return [[xt, wt, bt], () => tf.fused.conv2d({ x: xt, filter: wt, bias: bt, strides: 1, pad: 'valid', activation: 'relu' })];
      },
    });
    if (cv.name !== 'conv1') {
      list.push({
        name: `${cv.name} dx`, flop,
        neurite: () => K.conv2dBackpropInput(dy, w, dx, info),
        tfjs: () => {
          const [dyt, wt] = [tf.tensor4d(dy, [batch, info.outH, info.outW, cv.outC]), tf.tensor4d(w, [3, 3, cv.c, cv.outC])];
          return [[dyt, wt], () => tf.conv2dTranspose(dyt, wt, [batch, cv.h, cv.h, cv.c], 1, 'valid')];
        },
      });
    }
    list.push({ name: `${cv.name} dw`, flop, neurite: () => K.conv2dBackpropFilter(x, dy, dw, info), tfjs: null });
  }
  // 2×2 max pooling after each conv (forward; flop = one comparison per input element).
  for (const [name, h, c] of [['pool1', 148, 32], ['pool2', 72, 64], ['pool3', 34, 128]]) {
    const info = computeConv2DInfo([batch, h, h, c], [2, 2], [2, 2], [1, 1], 'valid', c);
    const x = rand(batch * h * h * c, 11);
    const out = new Float32Array(batch * info.outH * info.outW * c);
    const argmax = new Int32Array(out.length);
    list.push({
      name: `${name} fwd`, flop: x.length,
      neurite: () => K.maxPool(x, out, argmax, info),
      tfjs: () => {
        const xt = tf.tensor4d(x, [batch, h, h, c]);
        return [[xt], () => tf.maxPool(xt, 2, 2, 'valid')];
      },
    });
  }
  // dense 36992 -> 512 (forward, and the two backward GEMMs at this batch).
  const [inD, outD] = [17 * 17 * 128, 512];
  const dxv = rand(batch * inD, 5);
  const dk = rand(inD * outD, 6);
  const db = rand(outD, 7);
  const dout = new Float32Array(batch * outD);
  const ddy = rand(batch * outD, 8);
  const ddx = new Float32Array(batch * inD);
  const ddw = new Float32Array(inD * outD);
  const flop = 2 * batch * inD * outD;
  list.push({
    name: 'dense fwd', flop,
    neurite: () => K.dense(dxv, dk, db, dout, batch, inD, outD, Activation.Relu),
    tfjs: () => {
      const [a, b] = [tf.tensor2d(dxv, [batch, inD]), tf.tensor2d(dk, [inD, outD])];
      return [[a, b], () => tf.matMul(a, b)];
    },
  });
  list.push({
    name: 'dense dx', flop,
    neurite: () => K.matmul(ddy, dk, ddx, 1, batch, outD, inD, false, true),
    tfjs: () => {
      const [a, b] = [tf.tensor2d(ddy, [batch, outD]), tf.tensor2d(dk, [inD, outD])];
      return [[a, b], () => tf.matMul(a, b, false, true)];
    },
  });
  list.push({
    name: 'dense dw', flop,
    neurite: () => K.matmul(dxv, ddy, ddw, 1, inD, batch, outD, true, false),
    tfjs: () => {
      const [a, b] = [tf.tensor2d(dxv, [batch, inD]), tf.tensor2d(ddy, [batch, outD])];
      return [[a, b], () => tf.matMul(a, b, true, false)];
    },
  });
  if (batch === 1) {
    const n = 512;
    const a = rand(n * n, 9);
    const b = rand(n * n, 10);
    const o = new Float32Array(n * n);
    list.push({
      name: 'matmul 512³', flop: 2 * n * n * n,
      neurite: () => K.matmul(a, b, o, 1, n, n, n, false, false),
      tfjs: () => {
        const [at, bt] = [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])];
        return [[at, bt], () => tf.matMul(at, bt)];
      },
    });
  }
  return list;
}

const pad = (s, n) => String(s).padStart(n);
console.log(`neurite wasm: ${wasmPath || 'shipped'}; repeats ${repeats}; ${opt('stat', 'median')}; GFLOP/s from CPU time; ratio = tfjs CPU ms / neurite CPU ms`);
console.log(`${'kernel'.padEnd(22)}${pad('wall ms', 9)}${pad('cpu ms', 9)}${pad('GFLOP/s', 9)} |${pad('tfjs wall', 10)}${pad('tfjs cpu', 10)}${pad('GFLOP/s', 9)}${pad('ratio', 8)}`);
for (const batch of batches) {
  for (const c of cases(batch)) {
    const label = `${c.name} b${batch}`;
    if (only && !only.some((o) => label.startsWith(o))) continue;
    const n = measure(c.neurite);
    let line = `${label.padEnd(22)}${pad(n.wall.toFixed(2), 9)}${pad(n.cpu.toFixed(2), 9)}${pad((c.flop / n.cpu / 1e6).toFixed(1), 9)} |`;
    if (withTfjs && c.tfjs) {
      let t;
      try {
        const [inputs, op] = c.tfjs();
        t = measure(() => {
          const y = op();
          y.dataSync();
          y.dispose();
        });
        inputs.forEach((v) => v.dispose());
      } catch (e) {
        t = null;
      }
      line += t
        ? `${pad(t.wall.toFixed(2), 10)}${pad(t.cpu.toFixed(2), 10)}${pad((c.flop / t.cpu / 1e6).toFixed(1), 9)}${pad((t.cpu / n.cpu).toFixed(2) + '×', 8)}`
        : `${pad('fails', 10)}`;
    }
    console.log(line);
  }
}
