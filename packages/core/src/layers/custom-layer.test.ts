/** A custom layer written only from public ops trains with no backward code. */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradients } from '../gradient-check.js';
import * as ops from '../ops/index.js';
import { valueAndGrads } from '../tape.js';
import type { Tensor } from '../tensor.js';
import { randomTensor, setupBackends } from '../testing/oracle.js';
import type { Variable } from '../variable.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';
import { getLayerClass, registerLayer } from './registry.js';

beforeAll(setupBackends);

/** y = tanh(x·W + b) ⊙ sigmoid(gate), gate = x·G — a gated unit from public ops only. */
class GatedDense extends Layer {
  static override className = 'GatedDense';
  readonly units: number;
  w!: Variable;
  g!: Variable;
  b!: Variable;

  constructor(args: LayerArgs & { units: number }) {
    super(args);
    this.units = args.units;
  }

  override build(inputShape: LayerShape): void {
    const inDim = inputShape[inputShape.length - 1] as number;
    this.w = this.addWeight('w', [inDim, this.units], 'glorot_uniform');
    this.g = this.addWeight('g', [inDim, this.units], 'glorot_normal');
    this.b = this.addWeight('b', [this.units], { class_name: 'RandomNormal', config: { stddev: 0.1, seed: 3 } });
  }

  call(x: Tensor): Tensor {
    return ops.mul(ops.tanh(ops.add(ops.matmul(x, this.w), this.b)), ops.sigmoid(ops.matmul(x, this.g)));
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], this.units];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), units: this.units };
  }
}

describe('custom layer from public ops', () => {
  it('gets non-zero gradients that match finite differences', () => {
    const layer = new GatedDense({ units: 3 });
    const x = randomTensor([5, 4], 1);
    const loss = () => ops.mean(ops.square(ops.sub(layer.apply(x), 0.25)));
    loss();
    const { grads } = valueAndGrads(loss, layer.trainableWeights);
    for (const g of grads) expect(Math.max(...g.data.map(Math.abs))).toBeGreaterThan(1e-4);
    const check = checkGradients(() => loss(), layer.trainableWeights);
    expect(check.ok).toBe(true);
    expect(check.maxError).toBeLessThan(1e-2);
  });

  it('trains: plain gradient descent lowers the loss', () => {
    const layer = new GatedDense({ units: 2 });
    const x = randomTensor([16, 3], 2);
    const target = randomTensor([16, 2], 3, 0.5);
    const loss = () => ops.mean(ops.square(ops.sub(layer.apply(x), target)));
    const first = loss().data[0];
    for (let step = 0; step < 200; step++) {
      const { grads } = valueAndGrads(loss, layer.trainableWeights);
      layer.trainableWeights.forEach((w, i) => w.assign(w.data.map((v, j) => v - 0.5 * grads[i].data[j]) as Float32Array));
    }
    expect(loss().data[0]).toBeLessThan(first * 0.5);
  });

  it('can be registered by class name for deserialisation', () => {
    registerLayer(GatedDense);
    expect(getLayerClass('GatedDense')).toBe(GatedDense);
    expect(() => getLayerClass('NoSuchLayer')).toThrow(/Unknown layer class 'NoSuchLayer'/);
    const layer = new GatedDense({ units: 2, name: 'gate' });
    expect(layer.getConfig()).toMatchObject({ name: 'gate', units: 2, trainable: true });
    layer.apply(randomTensor([1, 3], 0));
    expect(layer.countParams()).toBe(14);
  });
});
