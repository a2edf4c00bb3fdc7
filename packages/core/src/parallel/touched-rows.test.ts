/**
 * The rows a worker reports with a large gradient: every row holding any bit but +0's, so the
 * rows left out are +0 in that shard.
 */
import { expect, it } from 'vitest';
import { SPARSE_MIN_VALUES, touchedRows } from './touched-rows.js';

const ROWS = 4100; // × 4 values = 16,400 ≥ SPARSE_MIN_VALUES
const W = 4;

function gradWith(cells: [number, number, number][]): Float32Array {
  const g = new Float32Array(ROWS * W);
  for (const [row, col, v] of cells) g[row * W + col] = v;
  return g;
}

it('lists the rows holding anything but +0, ascending: row 0, the last row, -0, NaN, a value in the last column', () => {
  const g = gradWith([[ROWS - 1, 0, 1], [0, 2, -3], [7, 3, -0], [100, 1, NaN], [2000, 3, 1e-40]]);
  expect(Array.from(touchedRows(g, [ROWS, W])!)).toEqual([0, 7, 100, 2000, ROWS - 1]);
  expect(touchedRows(new Float32Array(ROWS * W), [ROWS, W])!.length).toBe(0);
});

it('reads a gradient at an offset in its buffer, and rows whose width is not a multiple of 4', () => {
  const rows = 3000;
  const width = 7; // 21,000 values
  const whole = new Float32Array(rows * width + 5);
  const g = whole.subarray(5);
  g[3 * width + 6] = 2; // the last value of row 3 (after the four-at-a-time part)
  g[(rows - 1) * width] = -1;
  whole[4] = 9; // before the gradient: not its row 0
  expect(Array.from(touchedRows(g, [rows, width])!)).toEqual([3, rows - 1]);
});

it('leaves small gradients, vectors, and gradients touching over 3/4 of their rows to the dense sum', () => {
  expect(SPARSE_MIN_VALUES).toBe(16384);
  expect(touchedRows(new Float32Array(16380), [4095, 4])).toBeNull();
  expect(touchedRows(new Float32Array(20000), [20000])).toBeNull();
  const most = new Float32Array(ROWS * W);
  for (let row = 0; row <= Math.floor(ROWS * 0.75); row++) most[row * W] = 1;
  expect(touchedRows(most, [ROWS, W])).toBeNull();
  most[Math.floor(ROWS * 0.75) * W] = 0; // exactly 3/4 of the rows
  expect(touchedRows(most, [ROWS, W])!.length).toBe(Math.floor(ROWS * 0.75));
});
