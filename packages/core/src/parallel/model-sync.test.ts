/**
 * Change detection for the workers' model copies (model-sync.ts): a weight counts as unchanged
 * only while its version is the one recorded — any write through Variable (assign, markChanged),
 * an optimizer step on the WASM or the reference kernels, gives it a new one, even when the
 * values come out equal.
 */
import { releaseResident, setBackend } from '@neurite/kernels';
import { afterEach, expect, it } from 'vitest';
import { adam, sgd } from '../optimizers/index.js';
import { tensor } from '../tensor.js';
import { Variable } from '../variable.js';
import { sameVersions } from './model-sync.js';
import { residentVersion } from '@neurite/kernels';

afterEach(() => setBackend('wasm'));

function weights(): Variable[] {
  return [
    new Variable(tensor(new Float32Array([0.5, -1.25, 0, 3]), [2, 2])),
    new Variable(tensor(new Float32Array([0, 0, 0]), [3])),
    new Variable(tensor(new Int32Array([7, -8]), [2], 'int32')),
  ];
}

const versionsOf = (vars: Variable[]) => vars.map((w) => residentVersion(w.data));

it('holds until a weight is written, through any path', () => {
  const vars = weights();
  const changes: [string, (w: Variable[]) => void][] = [
    ['assign (equal values)', (w) => w[0].assign(w[0].read())],
    ['assign int32', (w) => w[2].assign(new Int32Array([7, -9]))],
    ['markChanged', (w) => w[1].markChanged()],
    ['adam step on WASM', (w) => adam().applyGradients([{ key: w[0], values: w[0].data as Float32Array, grad: new Float32Array(4).fill(0.1) }])],
    ['sgd step on the reference kernels', (w) => {
      setBackend('reference');
      sgd().applyGradients([{ key: w[1], values: w[1].data as Float32Array, grad: new Float32Array(3).fill(0.1) }]);
      setBackend('wasm');
    }],
    ['sgd step with a zero gradient (values unchanged)', (w) => sgd().applyGradients([{ key: w[1], values: w[1].data as Float32Array, grad: new Float32Array(3) }])],
  ];
  for (const [what, change] of changes) {
    const versions = versionsOf(vars);
    expect(sameVersions(vars, versions), what).toBe(true);
    change(vars);
    expect(sameVersions(vars, versions), what).toBe(false);
  }
});

it('fails for another weight list or a weight without a version', () => {
  const vars = weights();
  const versions = versionsOf(vars);
  expect(sameVersions(vars.slice(0, 2), versions)).toBe(false);
  expect(sameVersions(vars, [])).toBe(false);
  releaseResident(vars[1].data); // no longer registered: its version is -1 and cannot be trusted
  expect(sameVersions(vars, versionsOf(vars))).toBe(false);
});
