/** Accuracy, macro-F1 and confusion matrices for 3-class predictions (and the binary pos/neg view). */
import type { Sequential, Tensor } from '@neurite/core';
import { LABELS, type SentimentLabel } from '../../src/labels.js';

export interface Scores {
  accuracy: number;
  macroF1: number;
  /** confusion[trueLabel][predictedLabel] = count, over `labels`. */
  confusion: number[][];
  labels: SentimentLabel[];
  n: number;
}

/**
 * Scores predicted labels against gold ones. With `binary`, only negative/positive are classes
 * and the gold set must not contain neutral (rt_polarity); predictions must already be binary.
 */
export function score(gold: SentimentLabel[], predicted: SentimentLabel[], binary: boolean): Scores {
  const labels: SentimentLabel[] = binary ? ['negative', 'positive'] : [...LABELS];
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = labels.indexOf(gold[i]);
    const p = labels.indexOf(predicted[i]);
    if (g < 0 || p < 0) throw new Error(`label '${gold[i]}' or prediction '${predicted[i]}' is not among ${labels.join(', ')}`);
    confusion[g][p]++;
    if (g === p) correct++;
  }
  let f1sum = 0;
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c];
    const predictedC = confusion.reduce((s, row) => s + row[c], 0);
    const goldC = confusion[c].reduce((s, v) => s + v, 0);
    const precision = predictedC === 0 ? 0 : tp / predictedC;
    const recall = goldC === 0 ? 0 : tp / goldC;
    f1sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  return { accuracy: correct / Math.max(1, gold.length), macroF1: f1sum / k, confusion, labels, n: gold.length };
}

/** Argmax label of each row of [n, 3] probabilities (in LABELS order); `binary` compares negative vs positive only. */
export function argmaxLabels(probs: ArrayLike<number>, n: number, binary: boolean): SentimentLabel[] {
  const out: SentimentLabel[] = [];
  for (let i = 0; i < n; i++) {
    const [neg, neu, pos] = [probs[i * 3], probs[i * 3 + 1], probs[i * 3 + 2]];
    if (binary) out.push(pos > neg ? 'positive' : 'negative');
    else out.push(neg >= neu && neg >= pos ? 'negative' : pos > neu ? 'positive' : 'neutral');
  }
  return out;
}

export function scoreSplit(model: Sequential, x: Tensor, examples: { label: SentimentLabel }[], binary: boolean): Scores {
  const probs = model.predict(x, { batchSize: 256 }).data;
  return score(examples.map((e) => e.label), argmaxLabels(probs, examples.length, binary), binary);
}

export function formatScores(name: string, s: Scores): string {
  const w = Math.max(...s.labels.map((l) => l.length)) + 2;
  const lines = [`${name}: n=${s.n} accuracy=${(100 * s.accuracy).toFixed(2)}% macro-F1=${(100 * s.macroF1).toFixed(2)}%`, `  confusion (rows: true, columns: predicted)`];
  lines.push('  ' + ''.padEnd(w) + s.labels.map((l) => l.padStart(w)).join(''));
  s.labels.forEach((l, i) => lines.push('  ' + l.padEnd(w) + s.confusion[i].map((v) => String(v).padStart(w)).join('')));
  return lines.join('\n');
}
