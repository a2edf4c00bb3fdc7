// Neurite as a child peer: one seed-model case in a process of its own, answering with the
// peers.mjs protocol, so train-rounds.bench.mjs can alternate it with PyTorch's process.
//
//   node bench/neurite-peer.mjs --only CASE_ID [--repeats N] [--quick]
import { parseArgs } from 'node:util';
import { cases, inputFor, timingFor } from './cases.mjs';
import { neuriteRunners, neuriteSeedCnn, neuriteSeedLstm } from './neurite-models.mjs';
import { printPeerResult } from './peers.mjs';
import { measure } from './timing.mjs';

const { values: args } = parseArgs({ options: { only: { type: 'string' }, repeats: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const c = cases.find((k) => k.id === args.only);
if (!c) throw new Error(`--only must name a case of cases.mjs (${cases.map((k) => k.id).join(', ')}), got ${args.only}`);
const timing = timingFor(args.quick);
if (!args.quick && args.repeats !== undefined) timing.repeats = Number(args.repeats);
const { x, y } = inputFor(c);
const model = c.model === 'cnn' ? neuriteSeedCnn() : neuriteSeedLstm();
const rows = { [c.id]: await measure(neuriteRunners(model, x, y)[c.op], timing) };
printPeerResult({ rows });
