/**
 * Distillation targets for `train.ts --soft`: JSONL rows {text, label (or null), soft: [negative,
 * neutral, positive]}, `soft` being a teacher's probabilities (scripts/teacher/soft_labels.py).
 * A row's target is alpha·onehot(label) + (1 − alpha)·soft, or soft alone when label is null.
 */
import { LABELS } from '../../src/labels.js';

export interface SoftTargets {
  texts: string[];
  /** [n, 3] in LABELS order. */
  targets: Float32Array;
}

/** The rows of one or more JSONL file contents, in order. */
export function parseSoftTargets(contents: string[], alpha: number): SoftTargets {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`soft targets: alpha must be in [0, 1], got ${alpha}`);
  const rows = contents.flatMap((c) => c.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { text?: unknown; label?: unknown; soft?: unknown }));
  const targets = new Float32Array(rows.length * 3);
  rows.forEach((r, i) => {
    const k = r.label === null ? -1 : LABELS.indexOf(r.label as (typeof LABELS)[number]);
    const soft = r.soft;
    const valid = typeof r.text === 'string' && (r.label === null || k >= 0) && Array.isArray(soft) && soft.length === 3 && soft.every((v) => typeof v === 'number' && v >= 0 && v <= 1);
    if (!valid) throw new Error(`soft targets, row ${i + 1}: needs text, a label (${LABELS.join(', ')} or null) and soft: [3 probabilities], got ${JSON.stringify(r).slice(0, 200)}`);
    for (let j = 0; j < 3; j++) targets[i * 3 + j] = (k < 0 ? 1 : 1 - alpha) * (soft as number[])[j] + (k === j ? alpha : 0);
  });
  return { texts: rows.map((r) => r.text as string), targets };
}
