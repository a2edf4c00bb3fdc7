import { sequential, type Sequential } from '@neurite/core';
import { describe, expect, it } from 'vitest';
import { efficientNetLite0Backbone } from '../../src/index.js';
import { loadLite0Weights, oihwToHwio } from './efficientnet-lite-weights.js';
import type { NamedArray } from './safetensors.js';

/** HWIO → OIHW, the inverse of oihwToHwio, to write a checkpoint in PyTorch's layout. */
function hwioToOihw(data: Float32Array, [h, w, i, o]: number[]): NamedArray {
  const out = new Float32Array(data.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[((a * i + b) * h + y) * w + x] = data[((y * w + x) * i + b) * o + a];
  return { shape: [o, i, h, w], data: out };
}

/** A PyTorch-named checkpoint holding the given backbone's weights (plus an ImageNet classifier). */
function checkpointOf(model: Sequential): Map<string, NamedArray> {
  const torchName = (name: string): string => {
    const bn = { gamma: 'weight', beta: 'bias', moving_mean: 'running_mean', moving_variance: 'running_var' } as Record<string, string>;
    const [layer, weight] = name.split('/');
    const block = /^block(\d+)_(expand_conv|expand_bn|dwconv|dw_bn|project_conv|project_bn)$/.exec(layer);
    const part = block ? `_blocks.${block[1]}.${{ expand_conv: '_expand_conv', expand_bn: '_bn0', dwconv: '_depthwise_conv', dw_bn: '_bn1', project_conv: '_project_conv', project_bn: '_bn2' }[block[2]]}` : { stem_conv: '_conv_stem', stem_bn: '_bn0', head_conv: '_conv_head', head_bn: '_bn1' }[layer]!;
    return `${part}.${bn[weight] ?? 'weight'}`;
  };
  const out = new Map<string, NamedArray>();
  model.weights.forEach((v, k) => {
    const values = Float32Array.from(v.data, (_, j) => ((j * 31 + k * 7) % 101) / 101 - 0.5);
    v.assign(values);
    out.set(torchName(v.name), v.rank === 4 ? hwioToOihw(values, v.shape) : { shape: [...v.shape], data: values });
  });
  out.set('_fc.weight', { shape: [1000, 1280], data: new Float32Array(1280_000) });
  out.set('_fc.bias', { shape: [1000], data: new Float32Array(1000) });
  return out;
}

const backbone = () => {
  const model = sequential({ layers: efficientNetLite0Backbone(32) });
  model.build([null, 32, 32, 3]);
  return model;
};

describe('oihwToHwio', () => {
  it('moves element (o, i, h, w) to (h, w, i, o) — hand-derived on a 2×3×1×2 kernel', () => {
    // OIHW values are 10·o + i + 0.1·w; HWIO order is h, w, i, o.
    const data = Float32Array.from([0, 0.1, 1, 1.1, 2, 2.1, 10, 10.1, 11, 11.1, 12, 12.1]);
    expect(Array.from(oihwToHwio({ shape: [2, 3, 1, 2], data }))).toEqual(Array.from(Float32Array.from([0, 10, 1, 11, 2, 12, 0.1, 10.1, 1.1, 11.1, 2.1, 12.1])));
  });
});

describe('loadLite0Weights', () => {
  it('loads every backbone weight from PyTorch names and layouts (a checkpoint written from a model reproduces it)', () => {
    const source = backbone();
    const checkpoint = checkpointOf(source);
    const target = backbone();
    loadLite0Weights(target, checkpoint);
    const differing = target.weights.filter((v, k) => {
      const [ours, theirs] = [v.data, source.weights[k].data];
      return ours.some((x, j) => x !== theirs[j]);
    }).map((v) => v.name);
    expect(differing).toEqual([]);
  });

  it('has the published parameter count: 4 652 008 with the ImageNet classifier, so 3 371 008 without it', () => {
    const trainable = backbone().trainableWeights.reduce((n, v) => n + v.size, 0);
    expect(trainable + 1280 * 1000 + 1000).toBe(4_652_008);
  });

  it('refuses a checkpoint with a missing, misshapen or unused tensor', () => {
    const checkpoint = checkpointOf(backbone());
    const missing = new Map(checkpoint);
    missing.delete('_blocks.3._depthwise_conv.weight');
    expect(() => loadLite0Weights(backbone(), missing)).toThrow(/no '_blocks\.3\._depthwise_conv\.weight'/);
    const misshapen = new Map(checkpoint);
    misshapen.set('_bn1.weight', { shape: [3], data: new Float32Array(3) });
    expect(() => loadLite0Weights(backbone(), misshapen)).toThrow(/'_bn1.weight' has shape \[3\]/);
    const extra = new Map(checkpoint);
    extra.set('_blocks.16._bn2.weight', { shape: [320], data: new Float32Array(320) });
    expect(() => loadLite0Weights(backbone(), extra)).toThrow(/not used, e\.g\. '_blocks\.16\._bn2\.weight'/);
  });
});
