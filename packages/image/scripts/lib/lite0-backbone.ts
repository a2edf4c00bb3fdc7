/**
 * The pretrained EfficientNet-Lite0 backbone exactly as the shipped classifier holds it: Google's
 * ImageNet weights with the 1×1 convolution kernels quantized to uint8 (the rest stays float32),
 * so that features computed for training equal the ones the shipped model computes.
 */
import { join } from 'node:path';
import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import { loadModel, sequential, type Layer, type QuantizeOptions, type Sequential } from '@neurite/core';
import { efficientNetLite0Backbone, MBConv } from '../../src/index.js';
import { loadLite0Weights } from './efficientnet-lite-weights.js';
import { readSafetensors } from './safetensors.js';

export const DEFAULT_CHECKPOINT = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'neurite', 'pretrained', 'efficientnet-lite0.safetensors');

/**
 * The weights shipped as uint8: the expand, project and head 1×1 kernels (3.2 M of the 3.4 M
 * values). The depthwise and stem kernels and the BatchNorm statistics stay float32: quantizing
 * the depthwise kernels per tensor moved ImageNet logits twice as much as all the 1×1 kernels did.
 */
export const SHIPPED_QUANTIZATION: QuantizeOptions = { dtype: 'uint8', weights: ['*_expand_conv/kernel', '*_project_conv/kernel', 'head_conv/kernel'] };

/** Backbone layers with the pretrained weights, after a uint8 round trip of the quantized kernels. */
export async function loadPretrainedBackbone(inputSize: number, checkpoint = DEFAULT_CHECKPOINT): Promise<Layer[]> {
  if (!existsSync(checkpoint)) throw new Error(`${checkpoint} does not exist: run scripts/fetch-pretrained.sh first.`);
  const model = sequential({ name: 'efficientnet_lite0_backbone', layers: efficientNetLite0Backbone(inputSize) });
  loadLite0Weights(model, await readSafetensors(checkpoint));
  const roundTrip: Sequential = await loadModel(await model.save('memory', { quantize: SHIPPED_QUANTIZATION }), { customLayers: { MBConv } });
  return roundTrip.layers;
}
