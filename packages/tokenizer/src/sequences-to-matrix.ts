import { TokenizerValueError } from './errors.js';
import type { Sequence } from './validate.js';

/** Vectorisation modes of Keras' `texts_to_matrix` / `sequences_to_matrix`. */
export type MatrixMode = 'binary' | 'count' | 'tfidf' | 'freq';

export const MATRIX_MODES: readonly MatrixMode[] = ['binary', 'count', 'tfidf', 'freq'];

/** A dense row-major float64 matrix: element (i, j) is `data[i * shape[1] + j]`. */
export interface Matrix {
  data: Float64Array;
  shape: [rows: number, cols: number];
}

export interface MatrixContext {
  /** Number of columns (Keras: `num_words`, or `len(word_index) + 1`). */
  cols: number;
  documentCount: number;
  indexDocs: ReadonlyMap<number, number>;
}

/**
 * Keras' `sequences_to_matrix` body. Indices >= cols are ignored (but still
 * count in the `freq` denominator); negative indices address columns from the
 * end, as numpy does; a value is assigned, not accumulated, per distinct index.
 */
export function sequencesToMatrixCore(
  sequences: readonly Sequence[],
  mode: MatrixMode,
  ctx: MatrixContext,
): Matrix {
  const { cols, documentCount, indexDocs } = ctx;
  const rows = sequences.length;
  let data: Float64Array;
  try {
    data = new Float64Array(rows * cols);
  } catch {
    throw new TokenizerValueError(
      `a ${rows} x ${cols} float64 matrix does not fit in memory; lower numWords or convert fewer texts at a time.`,
    );
  }
  const counts = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const seq = sequences[i];
    if (seq.length === 0) continue;
    counts.clear();
    for (let k = 0; k < seq.length; k++) {
      const j = seq[k];
      if (j >= cols) continue;
      counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    const row = i * cols;
    for (const [j, c] of counts) {
      const col = j < 0 ? cols + j : j;
      if (col < 0) {
        throw new TokenizerValueError(
          `sequences[${i}] holds index ${j}, out of bounds for ${cols} columns (numpy raises IndexError).`,
        );
      }
      let v: number;
      if (mode === 'count') v = c;
      else if (mode === 'freq') v = c / seq.length;
      else if (mode === 'binary') v = 1;
      else v = (1 + Math.log(c)) * Math.log(1 + documentCount / (1 + (indexDocs.get(j) ?? 0)));
      data[row + col] = v;
    }
  }
  return { data, shape: [rows, cols] };
}
