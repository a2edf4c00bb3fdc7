/**
 * EfficientNet-Lite0 (Tan & Le 2019; the "Lite" variant for mobile: no squeeze-excite, ReLU6,
 * fixed 32-channel stem and 1280-channel head) as Neurite layers, without its ImageNet
 * classifier: RGB in [0, 1] → 1280 pooled features. Google's ImageNet weights load into it with
 * scripts/lib/efficientnet-lite-weights.ts; the shipped cat/dog classifier is this backbone plus
 * dropout and one sigmoid unit.
 */
import { layers, type Layer } from '@neurite/core';
import { MBConv } from './mbconv.js';

/** The EfficientNet-B0 stages, which Lite0 keeps: [expandRatio, kernelSize, strides, filters, repeats]. */
export const LITE0_STAGES: readonly (readonly [number, number, number, number, number])[] = [
  [1, 3, 1, 16, 1],
  [6, 3, 2, 24, 2],
  [6, 5, 2, 40, 2],
  [6, 3, 2, 80, 3],
  [6, 5, 1, 112, 3],
  [6, 5, 2, 192, 4],
  [6, 3, 1, 320, 1],
];

/** Channels of the pooled feature vector. */
export const LITE0_FEATURES = 1280;

/**
 * The backbone's layers, ready to go into a Sequential: input [n, inputSize, inputSize, 3] RGB in
 * [0, 1] → [n, 1280]. The first layer rescales to the checkpoints' (255·x − 127) / 128.
 */
export function efficientNetLite0Backbone(inputSize: number): Layer[] {
  const bn = (name: string) => layers.batchNormalization({ name, epsilon: 1e-3 });
  const relu6 = (name: string) => layers.activation({ name, activation: 'relu6' });
  const blocks: Layer[] = [];
  for (const [expandRatio, kernelSize, strides, filters, repeats] of LITE0_STAGES) {
    for (let i = 0; i < repeats; i++) {
      blocks.push(new MBConv({ name: `block${blocks.length}`, filters, expandRatio, kernelSize, strides: i === 0 ? strides : 1 }));
    }
  }
  return [
    layers.rescaling({ name: 'rescale', scale: 255 / 128, offset: -127 / 128, inputShape: [inputSize, inputSize, 3] }),
    layers.conv2d({ name: 'stem_conv', filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false }),
    bn('stem_bn'),
    relu6('stem_relu6'),
    ...blocks,
    layers.conv2d({ name: 'head_conv', filters: LITE0_FEATURES, kernelSize: 1, padding: 'same', useBias: false }),
    bn('head_bn'),
    relu6('head_relu6'),
    layers.globalAveragePooling2d({ name: 'avg_pool' }),
  ];
}
