/** `tsx scripts/bench-step.ts cnn-s cnn-m …`: time per training step (batch 32) of candidate architectures. */
import { adamw, tensor } from '@neurite/core';
import { buildArchitecture, countMacs, ARCHITECTURES } from './lib/architectures.js';

const names = process.argv.slice(2);
const batch = Number(process.env.BATCH ?? 32);
for (const name of names) {
  const model = buildArchitecture(name);
  model.compile({ optimizer: adamw({ learningRate: 1e-3 }), loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const side = ARCHITECTURES[name].input;
  const n = batch * 4;
  const x = tensor(Float32Array.from({ length: n * side * side * 3 }, (_, i) => ((i * 7919) % 255) / 255), [n, side, side, 3]);
  const y = tensor(Float32Array.from({ length: n }, (_, i) => i % 2), [n, 1]);
  await model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0 }); // warm-up
  const t = performance.now();
  await model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0 });
  const ms = (performance.now() - t) / 4;
  const t2 = performance.now();
  model.predict(x, { batchSize: batch });
  const predMs = (performance.now() - t2) / n;
  console.log(`${name}: ${model.countParams()} params, ${(countMacs(name) * 2 / 1e6).toFixed(1)} MFLOPs/img, ${ms.toFixed(0)} ms/step (batch ${batch}) → ${(ms * 3000 / batch / 1000).toFixed(1)} s/epoch of 3000; predict ${predMs.toFixed(2)} ms/img`);
}
