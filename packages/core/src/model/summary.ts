/**
 * Keras-style model.summary() table:
 *   Model: "sequential"
 *   _________________________________________________________________
 *    Layer (type)                Output Shape              Param #
 *   =================================================================
 *    conv2d (Conv2D)             (None, 148, 148, 32)      896
 *   …
 */
import type { Layer, LayerShape } from '../layers/layer.js';

const COLUMNS = [29, 26, 10];
const WIDTH = 65;

/** Keras prints shapes as Python tuples: (None, 148, 148, 32); (None, 5) */
export function formatTupleShape(shape: LayerShape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** 3453121 → '3,453,121' */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function row(cells: string[]): string {
  // Cells wider than their column push the next one right, like Keras.
  let line = '';
  let target = 0;
  cells.forEach((cell, i) => {
    line += cell;
    target += COLUMNS[i];
    line = line.length < target ? line.padEnd(target) : `${line} `;
  });
  return line.trimEnd();
}

function bytes(params: number): string {
  const b = params * 4;
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(2)} KB`;
  return `${(b / 1024 / 1024).toFixed(2)} MB`;
}

export function formatSummary(name: string, layers: readonly Layer[], outputShapes: readonly LayerShape[]): string {
  const lines = [`Model: "${name}"`, '_'.repeat(WIDTH), row([' Layer (type)', 'Output Shape', 'Param #']), '='.repeat(WIDTH)];
  let total = 0;
  let trainable = 0;
  layers.forEach((layer, i) => {
    const params = layer.countParams();
    total += params;
    trainable += layer.trainableWeights.reduce((n, w) => n + w.size, 0);
    lines.push(row([` ${layer.name} (${layer.getClassName()})`, formatTupleShape(outputShapes[i]), withThousands(params)]));
    if (i < layers.length - 1) lines.push('');
  });
  lines.push('='.repeat(WIDTH));
  lines.push(`Total params: ${withThousands(total)} (${bytes(total)})`);
  lines.push(`Trainable params: ${withThousands(trainable)} (${bytes(trainable)})`);
  lines.push(`Non-trainable params: ${withThousands(total - trainable)} (${bytes(total - trainable)})`);
  lines.push('_'.repeat(WIDTH));
  return lines.join('\n');
}
