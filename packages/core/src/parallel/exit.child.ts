/**
 * Child program for exit.test.ts (bundled with esbuild, run with plain node): uses a two-worker
 * pool, optionally terminates it, and returns from the module. The process must then exit on its
 * own — no process.exit here.
 */
import * as layers from '../layers/index.js';
import { Sequential } from '../model/sequential.js';
import { tensor } from '../tensor.js';
import { createWorkerPool } from './worker-pool.js';

const [workerUrl, mode] = process.argv.slice(2);
const pool = await createWorkerPool({ threads: 2, workerUrl });
const model = new Sequential({ layers: [layers.dense({ units: 3, inputShape: [4] })] });
const y = await pool.predict(model, tensor(new Float32Array(20).fill(0.5), [5, 4]));
if (mode === 'terminate') await pool.terminate();
console.log(`done workers=${pool.usesWorkers} rows=${y.shape[0]}`);
