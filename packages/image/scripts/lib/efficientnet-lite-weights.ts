/**
 * Google's EfficientNet-Lite0 ImageNet weights, as converted by scripts/fetch-pretrained.sh (the
 * EfficientNet-PyTorch naming: `_conv_stem`, `_bn0`, `_blocks.N._expand_conv`, …), loaded into
 * the backbone of src/efficientnet-lite.ts. PyTorch lays convolutions out OIHW and depthwise
 * kernels C×1×H×W; Neurite (like Keras) wants HWIO and H×W×C×1. The ImageNet classifier
 * (`_fc`) is not used.
 */
import type { Sequential } from '@neurite/core';
import type { NamedArray } from './safetensors.js';

/** OIHW → HWIO. */
export function oihwToHwio({ shape, data }: NamedArray): Float32Array {
  const [o, i, h, w] = shape;
  const out = new Float32Array(data.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    out[((y * w + x) * i + b) * o + a] = data[((a * i + b) * h + y) * w + x];
  }
  return out;
}

/** The Neurite variable name → PyTorch tensor name and the layout conversion it needs. */
function lite0Names(blockCount: number): Map<string, { source: string; layout: 'conv' | 'vector' }> {
  const names = new Map<string, { source: string; layout: 'conv' | 'vector' }>();
  const conv = (to: string, from: string) => names.set(to, { source: `${from}.weight`, layout: 'conv' });
  const bn = (to: string, from: string) => {
    for (const [ours, theirs] of [['gamma', 'weight'], ['beta', 'bias'], ['moving_mean', 'running_mean'], ['moving_variance', 'running_var']]) {
      names.set(`${to}/${ours}`, { source: `${from}.${theirs}`, layout: 'vector' });
    }
  };
  conv('stem_conv/kernel', '_conv_stem');
  bn('stem_bn', '_bn0');
  for (let n = 0; n < blockCount; n++) {
    const from = `_blocks.${n}.`;
    conv(`block${n}_expand_conv/kernel`, `${from}_expand_conv`);
    bn(`block${n}_expand_bn`, `${from}_bn0`);
    // C×1×H×W read as OIHW with O = C, I = 1 gives H×W×1×C; H×W×C×1 holds the same values in the same order.
    conv(`block${n}_dwconv/depthwise_kernel`, `${from}_depthwise_conv`);
    bn(`block${n}_dw_bn`, `${from}_bn1`);
    conv(`block${n}_project_conv/kernel`, `${from}_project_conv`);
    bn(`block${n}_project_bn`, `${from}_bn2`);
  }
  conv('head_conv/kernel', '_conv_head');
  bn('head_bn', '_bn1');
  return names;
}

/**
 * Assigns every backbone weight of `model` from `checkpoint`. Throws if a backbone weight has no
 * tensor, a shape disagrees, or a checkpoint tensor other than the ImageNet classifier is left over
 * (which is also how a misnamed backbone layer shows up).
 * Weights of layers after the backbone (the new classifier) are left as they are.
 */
export function loadLite0Weights(model: Sequential, checkpoint: Map<string, NamedArray>, blockCount = 16): void {
  const names = lite0Names(blockCount);
  const used = new Set<string>();
  for (const variable of model.weights) {
    const entry = names.get(variable.name);
    if (entry === undefined) continue;
    const tensor = checkpoint.get(entry.source);
    if (tensor === undefined) throw new Error(`The checkpoint has no '${entry.source}' for '${variable.name}'.`);
    const values = entry.layout === 'conv' ? oihwToHwio(tensor) : tensor.data;
    if (values.length !== variable.size) throw new Error(`'${entry.source}' has shape [${tensor.shape.join(', ')}] but '${variable.name}' is [${variable.shape.join(', ')}].`);
    variable.assign(values);
    used.add(entry.source);
  }
  const leftOver = [...checkpoint.keys()].filter((k) => !used.has(k) && !k.startsWith('_fc.'));
  if (leftOver.length > 0) throw new Error(`${leftOver.length} checkpoint tensors were not used, e.g. '${leftOver[0]}': is it an EfficientNet-Lite0 checkpoint?`);
}
