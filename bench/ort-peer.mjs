// One ONNX Runtime peer in its own process (onnxruntime-web fixes its thread count per process):
//
//   node bench/ort-peer.mjs --runtime web|node [--threads 1] [--quick]
//
// Times the seed-model predict cases (ONNX Runtime has no training) and prints one line
// `NEURITE_PEER {json}` (see peers.mjs), including the batch-1 outputs so the bench can check that
// it ran the same models as PyTorch.
import { cases, inputFor, timingFor } from './cases.mjs';
import { ensureOnnxModels } from './onnx-files.mjs';
import { loadOrt, ortFeed, ortRunners, ortSession } from './ort-models.mjs';
import { printPeerResult } from './peers.mjs';
import { measure } from './timing.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const runtime = opt('runtime', 'web');
const threads = Number(opt('threads', '1'));
const timing = timingFor(args.includes('--quick'));

const models = await ensureOnnxModels();
if (!models.ok) {
  printPeerResult({ skipped: models.reason });
  process.exit(0);
}

const loaded = await loadOrt(runtime, threads);
const sessions = {};
const rows = {};
const check = {};
for (const c of cases) {
  if (c.op !== 'predict') {
    rows[c.id] = { error: 'no training' };
    continue;
  }
  sessions[c.model] ??= await ortSession(loaded, runtime, c.model);
  const { predict } = ortRunners(sessions[c.model], ortFeed(loaded, inputFor(c, 'nchw').x));
  try {
    rows[c.id] = await measure(predict, timing);
    if (c.batch === 1) check[c.model] = Array.from(await predict());
  } catch (e) {
    rows[c.id] = { error: String(e.message ?? e).split('\n')[0].slice(0, 90) };
  }
}
printPeerResult({ version: loaded.version, threads, rows, check });
// onnxruntime-web's worker threads keep the process alive.
process.exit(0);
