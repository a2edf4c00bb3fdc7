// Kernel threads from a fresh start, many times over: each run is a new process that enables
// threads and predicts with the seed CNN (batch 32) three times. Its first split calls grow
// WebAssembly memory from both threads at once, which is where a thread could be handed memory its
// instance did not know yet and trap (crates/kernels/src/shared_heap.rs). Prints the runs that
// failed and their errors; exits 1 if any did. Not a benchmark: a count of failures.
//
//   node bench/threads-startup.stress.mjs [--runs 400]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '400' }, child: { type: 'boolean', default: false } } });

if (args.child) {
  const { enableThreads, threadsStatus } = await import('@neurite/kernels');
  const { tensor } = await import('@neurite/core');
  const { neuriteSeedCnn } = await import('./neurite-models.mjs');
  const { images } = await import('./cases.mjs');
  const status = await enableThreads();
  if (status.threads !== 2) {
    console.log(`no kernel threads: ${status.reason}`);
    process.exit(2);
  }
  const cnn = neuriteSeedCnn();
  const pictures = images(32).x;
  const x = tensor(pictures.data, pictures.shape, pictures.dtype);
  try {
    for (let i = 0; i < 3; i++) cnn.predict(x, { batchSize: 32 });
  } catch (error) {
    console.log(`failed: ${String(error)} (threads now: ${threadsStatus().threads})`);
    process.exit(1);
  }
  process.exit(0);
}

const runs = Number(args.runs);
let failed = 0;
for (let run = 1; run <= runs; run++) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
  if (child.status === 2) {
    console.log(`nothing to stress: ${child.stdout.trim()}`);
    process.exit(0);
  }
  if (child.status !== 0) {
    failed++;
    console.log(`run ${run}: ${(child.stdout + child.stderr).trim()}`);
  }
}
console.log(`${failed} of ${runs} fresh processes failed`);
process.exit(failed > 0 ? 1 : 0);
