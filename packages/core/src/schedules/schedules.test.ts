import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { cosineDecay, exponentialDecay, oneCycle } from './index.js';

describe('exponentialDecay', () => {
  it('decays continuously: lr · rate^(step/decaySteps)', () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(s(0)).toBeCloseTo(0.1, 12);
    expect(s(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    expect(s(10)).toBeCloseTo(0.05, 12);
    expect(s(30)).toBeCloseTo(0.0125, 12);
  });

  it('staircase floors the exponent', () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect([s(0), s(9), s(10), s(19), s(20)]).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('rejects bad arguments', () => {
    expect(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 })).toThrow(ValueError);
    expect(() => exponentialDecay({ initialLearningRate: -1, decaySteps: 1, decayRate: 0.5 })).toThrow(/initialLearningRate/);
  });
});

describe('cosineDecay', () => {
  it('follows half a cosine to 0 and holds there', () => {
    const s = cosineDecay({ initialLearningRate: 1, decaySteps: 10 });
    expect(s(0)).toBeCloseTo(1, 12);
    expect(s(5)).toBeCloseTo(0.5, 12);
    expect(s(10)).toBeCloseTo(0, 12);
    expect(s(25)).toBeCloseTo(0, 12);
    // 0.5·(1 + cos(π/10)) = 0.975528…
    expect(s(1)).toBeCloseTo(0.9755282581, 9);
  });

  it('alpha sets the floor as a fraction of the initial rate', () => {
    const s = cosineDecay({ initialLearningRate: 2, decaySteps: 10, alpha: 0.1 });
    expect(s(5)).toBeCloseTo(2 * (0.9 * 0.5 + 0.1), 12);
    expect(s(10)).toBeCloseTo(0.2, 12);
    expect(s(99)).toBeCloseTo(0.2, 12);
  });

  it('warms up linearly to warmupTarget, then decays from it (Keras 3)', () => {
    const s = cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
    expect([s(0), s(1), s(2), s(3)]).toEqual([0, 0.25, 0.5, 0.75]);
    expect(s(4)).toBeCloseTo(1, 12);
    expect(s(9)).toBeCloseTo(0.5, 12);
    expect(s(14)).toBeCloseTo(0, 12);
    expect(s(100)).toBeCloseTo(0, 12);
  });
});

describe('oneCycle (PyTorch OneCycleLR, cos, two phases)', () => {
  // max 1, 10 steps, pctStart 0.3: initial 1/25 = 0.04, final 0.04/1e4 = 4e-6;
  // phase 1 ends at step 0.3·10 - 1 = 2, phase 2 at step 9.
  const s = oneCycle({ maxLearningRate: 1, totalSteps: 10 });

  it('starts at max/divFactor and peaks at step pctStart·total - 1', () => {
    expect(s(0)).toBeCloseTo(0.04, 12);
    // pct 0.5: 1 + (0.04 - 1)/2 · (cos(π/2) + 1) = 0.52
    expect(s(1)).toBeCloseTo(0.52, 12);
    expect(s(2)).toBeCloseTo(1, 12);
  });

  it('anneals down to initial/finalDivFactor at the last step and holds it', () => {
    // step 3: pct 1/7 → 4e-6 + (1 - 4e-6)/2 · (cos(π/7) + 1)
    expect(s(3)).toBeCloseTo(4e-6 + ((1 - 4e-6) / 2) * (Math.cos(Math.PI / 7) + 1), 12);
    expect(s(5.5)).toBeCloseTo(4e-6 + (1 - 4e-6) / 2, 12);
    expect(s(9)).toBeCloseTo(4e-6, 15);
    expect(s(50)).toBeCloseTo(4e-6, 15);
  });

  it('honours divFactor, finalDivFactor and pctStart', () => {
    const t = oneCycle({ maxLearningRate: 0.1, totalSteps: 100, pctStart: 0.25, divFactor: 10, finalDivFactor: 100 });
    expect(t(0)).toBeCloseTo(0.01, 12);
    expect(t(24)).toBeCloseTo(0.1, 12);
    expect(t(99)).toBeCloseTo(1e-4, 12);
    // Monotone up to the peak, monotone down after it.
    for (let i = 1; i <= 24; i++) expect(t(i)).toBeGreaterThan(t(i - 1));
    for (let i = 25; i <= 99; i++) expect(t(i)).toBeLessThan(t(i - 1));
  });

  it('rejects bad arguments', () => {
    expect(() => oneCycle({ maxLearningRate: 1, totalSteps: 1 })).toThrow(ValueError);
    expect(() => oneCycle({ maxLearningRate: 1, totalSteps: 10, pctStart: 1 })).toThrow(/pctStart/);
    expect(() => oneCycle({ maxLearningRate: 0, totalSteps: 10 })).toThrow(/maxLearningRate/);
  });
});
