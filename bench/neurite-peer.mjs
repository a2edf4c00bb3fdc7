// Neurite as a child peer: one seed-model case in a process of its own, answering with the
// peers.mjs protocol, so train-rounds.bench.mjs can alternate it with PyTorch's process.
//
//   node bench/neurite-peer.mjs --only CASE_ID [--repeats N] [--quick]
import { cases, inputFor, timingFor } from './cases.mjs';
import { neuriteRunners, neuriteSeedCnn, neuriteSeedLstm } from './neurite-models.mjs';
import { printPeerResult } from './peers.mjs';
import { measure } from './timing.mjs';

const flag = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const only = flag('--only');
const c = cases.find((k) => k.id === only);
if (!c) throw new Error(`--only must name a case of cases.mjs (${cases.map((k) => k.id).join(', ')}), got ${only}`);
const quick = process.argv.includes('--quick');
const timing = { ...timingFor(quick), ...(!quick && flag('--repeats') ? { repeats: Number(flag('--repeats')) } : {}) };
const { x, y } = inputFor(c);
const model = c.model === 'cnn' ? neuriteSeedCnn() : neuriteSeedLstm();
const rows = { [c.id]: await measure(neuriteRunners(model, x, y)[c.op], timing) };
printPeerResult({ rows });
