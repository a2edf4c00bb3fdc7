/** Accuracy, per-class precision/recall and the confusion matrix of labelled predictions. */
export interface ConfusionReport {
  labels: string[];
  /** matrix[actual][predicted] = count. */
  matrix: number[][];
  accuracy: number;
  precision: number[];
  recall: number[];
}

export function confusionReport(labels: string[], actual: readonly number[], predicted: readonly number[]): ConfusionReport {
  if (actual.length !== predicted.length) throw new Error(`${actual.length} labels but ${predicted.length} predictions.`);
  const k = labels.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  actual.forEach((a, i) => matrix[a][predicted[i]]++);
  let correct = 0;
  for (let c = 0; c < k; c++) correct += matrix[c][c];
  const column = (c: number) => matrix.reduce((n, row) => n + row[c], 0);
  const row = (c: number) => matrix[c].reduce((n, v) => n + v, 0);
  return {
    labels,
    matrix,
    accuracy: actual.length > 0 ? correct / actual.length : NaN,
    precision: labels.map((_, c) => (column(c) > 0 ? matrix[c][c] / column(c) : NaN)),
    recall: labels.map((_, c) => (row(c) > 0 ? matrix[c][c] / row(c) : NaN)),
  };
}

export function formatReport(r: ConfusionReport): string {
  const pct = (v: number) => (Number.isNaN(v) ? '   n/a' : `${(100 * v).toFixed(2)}%`.padStart(7));
  const w = Math.max(9, ...r.labels.map((l) => l.length + 2));
  const total = r.matrix.reduce((n, row) => n + row.reduce((a, b) => a + b, 0), 0);
  const correct = r.labels.reduce((n, _, c) => n + r.matrix[c][c], 0);
  const lines = [`accuracy ${pct(r.accuracy).trim()} (${correct}/${total})`, '', `${'class'.padEnd(w)}precision  recall`];
  r.labels.forEach((l, c) => lines.push(`${l.padEnd(w)}${pct(r.precision[c])}  ${pct(r.recall[c])}`));
  lines.push('', `confusion matrix (rows: actual, columns: predicted)`, ' '.repeat(w) + r.labels.map((l) => l.padStart(w)).join(''));
  r.labels.forEach((l, c) => lines.push(l.padEnd(w) + r.matrix[c].map((v) => String(v).padStart(w)).join('')));
  return lines.join('\n');
}
