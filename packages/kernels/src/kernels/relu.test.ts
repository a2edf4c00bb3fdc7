import { it, expect } from 'vitest';
import { describeKernels } from '../test-support.js';
import { KernelArgumentError } from '../check.js';

describeKernels('relu', (k) => {
  it('zeroes negatives and keeps positives, including a SIMD tail', () => {
    const x = new Float32Array([-2, -0.5, 0, 0.5, 3, -1, 7]);
    const out = new Float32Array(7);
    k.relu(x, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0.5, 3, 0, 7]);
  });

  it('passes the gradient only where the output is positive', () => {
    const y = new Float32Array([0, 1, 0, 2, 5]);
    const dy = new Float32Array([1, 2, 3, 4, 5]);
    const dx = new Float32Array(5);
    k.reluBackward(y, dy, dx);
    expect(Array.from(dx)).toEqual([0, 2, 0, 4, 5]);
  });

  it('rejects an output of the wrong length', () => {
    expect(() => k.relu(new Float32Array(3), new Float32Array(2))).toThrow(KernelArgumentError);
  });
});
