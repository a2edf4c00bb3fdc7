#!/usr/bin/env node
// Benchmark: @neurite/tokenizer vs the Python original (keras_preprocessing)
// fitting and converting 100,000 real tweets.
//
//   npx pnpm@9.15.9 --filter @neurite/tokenizer build && node bench/tokenizer.bench.mjs
//
// Data: $NEURITE_DATA or ../shared/data relative to the repo root.
// Python: $NEURITE_PYTHON if set, else python3 or /usr/bin/python3 with keras_preprocessing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { padSequences, Tokenizer } from '../packages/tokenizer/dist/index.js';
import { median } from './timing.mjs';

const N = 100_000;
const RUNS = 5;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataRoot = process.env.NEURITE_DATA ?? resolve(repoRoot, '../shared/data');

function loadTweets() {
  const rows = [];
  for (const set of ['tweet_sentiment_extraction', 'airline']) {
    for (const split of ['train', 'val', 'test']) {
      const file = join(dataRoot, 'sentiment', set, `${split}.jsonl`);
      if (!existsSync(file)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim()) rows.push(JSON.parse(line).text);
      }
    }
  }
  if (rows.length === 0) throw new Error(`no tweets found under ${dataRoot}/sentiment (set NEURITE_DATA)`);
  const texts = [];
  for (let i = 0; texts.length < N; i++) texts.push(String(rows[i % rows.length]));
  return { texts, distinct: rows.length };
}

// Wall time, plus this process's CPU time: on a shared machine the CPU time
// is what the wall time would be without other processes competing.
function time(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, out };
}
const fmt = (w) => `median ${w.ms.toFixed(1)} ms wall, ${w.cpu.toFixed(1)} ms cpu`;
const med = (runs) => ({ ms: median(runs.map((r) => r.ms)), cpu: median(runs.map((r) => r.cpu)) });

const { texts, distinct } = loadTweets();
console.log(`${texts.length} tweets (${distinct} distinct, repeated), node ${process.version}`);

let tok;
let seqs;
const fit = [];
const convert = [];
const pad = [];
for (let r = 0; r <= RUNS; r++) {
  const f = time(() => {
    const t = new Tokenizer({ numWords: 20000, oovToken: '<OOV>' });
    t.fitOnTexts(texts);
    return t;
  });
  tok = f.out;
  const c = time(() => tok.textsToSequences(texts));
  seqs = c.out;
  const p = time(() => padSequences(seqs, { maxlen: 50 }));
  if (r > 0) {
    // run 0 is a warm-up
    fit.push(f);
    convert.push(c);
    pad.push(p);
  }
}
const tokens = seqs.reduce((s, q) => s + q.length, 0);
const js = { fit: med(fit), convert: med(convert), pad: med(pad) };
console.log(`vocabulary ${tok.wordIndex.size} words, ${tokens} tokens; ${RUNS} runs after a warm-up`);
console.log(`neurite  fitOnTexts         ${fmt(js.fit)}`);
console.log(`neurite  textsToSequences   ${fmt(js.convert)}`);
console.log(`neurite  fit + convert      ${(js.fit.ms + js.convert.ms).toFixed(1)} ms wall, ${(js.fit.cpu + js.convert.cpu).toFixed(1)} ms cpu`);
console.log(`neurite  padSequences(50)   ${fmt(js.pad)}`);

function findPython() {
  const env = process.env.NEURITE_PYTHON;
  for (const py of env ? [env] : ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import keras_preprocessing'], { encoding: 'utf8' });
    if (!r.error && r.status === 0) return py;
  }
  return null;
}

const PY = `
import json, sys, time
from keras_preprocessing.text import Tokenizer
from keras_preprocessing.sequence import pad_sequences
texts = json.load(open(sys.argv[1], encoding='utf-8'))
fit, conv, pad = [], [], []
now = lambda: (time.perf_counter(), time.process_time())
for r in range(int(sys.argv[2])):
    t0 = now(); tok = Tokenizer(num_words=20000, oov_token='<OOV>'); tok.fit_on_texts(texts)
    t1 = now(); seqs = tok.texts_to_sequences(texts)
    t2 = now(); pad_sequences(seqs, maxlen=50)
    t3 = now()
    d = lambda a, b: {"ms": (b[0] - a[0]) * 1000, "cpu": (b[1] - a[1]) * 1000}
    fit.append(d(t0, t1)); conv.append(d(t1, t2)); pad.append(d(t2, t3))
med = lambda xs: {k: sorted(x[k] for x in xs)[len(xs) // 2] for k in ("ms", "cpu")}
print(json.dumps({"fit": med(fit), "convert": med(conv), "pad": med(pad),
                  "vocab": len(tok.word_index), "tokens": sum(map(len, seqs))}))
`;

const py = findPython();
if (!py) {
  console.log('python3 with keras_preprocessing not found: skipping the Python comparison');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-bench-'));
  try {
    const file = join(dir, 'texts.json');
    writeFileSync(file, JSON.stringify(texts));
    const pyRuns = 3;
    const r = spawnSync(py, ['-c', PY, file, String(pyRuns)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(r.stderr);
    const k = JSON.parse(r.stdout);
    const same = k.vocab === tok.wordIndex.size && k.tokens === tokens ? 'same vocabulary and token count' : 'MISMATCH';
    console.log(`keras    fit_on_texts       ${fmt(k.fit)}  (${pyRuns} runs, ${py}; ${same})`);
    console.log(`keras    texts_to_sequences ${fmt(k.convert)}`);
    console.log(`keras    fit + convert      ${(k.fit.ms + k.convert.ms).toFixed(1)} ms wall, ${(k.fit.cpu + k.convert.cpu).toFixed(1)} ms cpu`);
    console.log(`keras    pad_sequences(50)  ${fmt(k.pad)}`);
    const wall = (k.fit.ms + k.convert.ms) / (js.fit.ms + js.convert.ms);
    const cpu = (k.fit.cpu + k.convert.cpu) / (js.fit.cpu + js.convert.cpu);
    console.log(`ratio    fit + convert: Keras / Neurite = ${wall.toFixed(1)}x (wall), ${cpu.toFixed(1)}x (cpu)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
