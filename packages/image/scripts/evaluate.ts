/**
 * `tsx scripts/evaluate.ts [--data <folder>] [--model <saved model dir>] [--batch 32]`
 * Classifies every image of a folder laid out as `<label>/*.jpg|png` and prints accuracy,
 * per-class precision/recall, the confusion matrix and the time per image. Default folder:
 * `<repo>/../shared/data/cats-dogs/test`; default model: the one shipped in the package.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadImageClassifier } from '../src/index.js';
import { confusionReport, formatReport } from './lib/confusion.js';
import { listFolder } from './lib/folder-dataset.js';
import { defaultDataRoot } from './lib/paths.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: join(defaultDataRoot(), 'test') }, model: { type: 'string' }, batch: { type: 'string', default: '32' } } });
const classifier = await loadImageClassifier(values.model ? { model: values.model } : {});
const { labels, files } = listFolder(values.data!);
for (const l of labels) {
  if (!classifier.labels.includes(l as never)) throw new Error(`Folder label '${l}' is not one of the classifier's labels ${classifier.labels.join(', ')}.`);
}
const batch = Number(values.batch);
const predicted: number[] = [];
let ms = 0;
for (let i = 0; i < files.length; i += batch) {
  const chunk = files.slice(i, i + batch);
  const t = performance.now();
  const results = await classifier.classify(chunk.map((f) => f.path), { batchSize: batch });
  ms += performance.now() - t;
  for (const r of results) predicted.push(labels.indexOf(r.label));
  process.stderr.write(`\r${Math.min(i + batch, files.length)}/${files.length}`);
}
process.stderr.write('\n');
console.log(`${values.data} — model: ${values.model ?? 'shipped'}`);
console.log(formatReport(confusionReport(labels, files.map((f) => f.label), predicted)));
console.log(`\n${(ms / files.length).toFixed(1)} ms per image (read + decode + resize + predict, batches of ${batch})`);
