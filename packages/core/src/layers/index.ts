/** Layer classes, their registry, and the lowercase factories `layers.dense({...})` (TF.js style). */
import { ActivationLayer, type ActivationArgs } from './activation.js';
import { Conv2D, type Conv2DArgs } from './conv2d.js';
import { Dense, type DenseArgs } from './dense.js';
import { Dropout, type DropoutArgs } from './dropout.js';
import { Embedding, type EmbeddingArgs } from './embedding.js';
import { Flatten } from './flatten.js';
import { GlobalAveragePooling2D, type GlobalPooling2DArgs } from './global-average-pooling2d.js';
import type { LayerArgs } from './layer.js';
import { LSTM, type LSTMArgs } from './lstm.js';
import { AveragePooling2D, MaxPooling2D, type Pooling2DArgs } from './pooling2d.js';
import { registerLayer } from './registry.js';
import { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
import { DepthwiseConv2D, type DepthwiseConv2DArgs } from './depthwise-conv2d.js';
import { SeparableConv2D, type SeparableConv2DArgs } from './separable-conv2d.js';
import { Bidirectional, type BidirectionalArgs } from './bidirectional.js';
import { RandomFlip, type RandomFlipArgs } from './random-flip.js';
import { RandomRotation, type RandomRotationArgs } from './random-rotation.js';
import { RandomZoom, type RandomZoomArgs } from './random-zoom.js';
import { RandomTranslation, type RandomTranslationArgs } from './random-translation.js';
import { RandomContrast, type RandomContrastArgs } from './random-contrast.js';
import { Rescaling, type RescalingArgs } from './rescaling.js';

export { Layer, resetLayerNames, toSnakeCase, type LayerArgs, type CallArgs, type InputSpec, type LayerShape, type LayerConfig } from './layer.js';
export { registerLayer, getLayerClass, registeredLayerNames, type LayerClass } from './registry.js';
export { Augmentation } from './augmentation.js';
export { ActivationLayer, Conv2D, Dense, Dropout, Embedding, Flatten, GlobalAveragePooling2D, LSTM, AveragePooling2D, MaxPooling2D };
export { BatchNormalization, DepthwiseConv2D, SeparableConv2D, Bidirectional, RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast };
export type { ActivationArgs, Conv2DArgs, DenseArgs, DropoutArgs, EmbeddingArgs, GlobalPooling2DArgs, LSTMArgs, Pooling2DArgs };
export type { BatchNormalizationArgs, DepthwiseConv2DArgs, SeparableConv2DArgs, BidirectionalArgs, RandomFlipArgs, RandomRotationArgs, RandomZoomArgs, RandomTranslationArgs, RandomContrastArgs };
export { Rescaling, type RescalingArgs };

for (const cls of [
  ActivationLayer, Conv2D, Dense, Dropout, Embedding, Flatten, GlobalAveragePooling2D, LSTM, AveragePooling2D, MaxPooling2D,
  BatchNormalization, DepthwiseConv2D, SeparableConv2D, Bidirectional, RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast,
  Rescaling,
]) {
  registerLayer(cls);
}

export const dense = (args: DenseArgs) => new Dense(args);
export const conv2d = (args: Conv2DArgs) => new Conv2D(args);
export const maxPooling2d = (args: Pooling2DArgs = {}) => new MaxPooling2D(args);
export const averagePooling2d = (args: Pooling2DArgs = {}) => new AveragePooling2D(args);
export const globalAveragePooling2d = (args: GlobalPooling2DArgs = {}) => new GlobalAveragePooling2D(args);
export const flatten = (args: LayerArgs = {}) => new Flatten(args);
export const embedding = (args: EmbeddingArgs) => new Embedding(args);
export const lstm = (args: LSTMArgs) => new LSTM(args);
export const activation = (args: ActivationArgs) => new ActivationLayer(args);
export const dropout = (args: DropoutArgs) => new Dropout(args);
export const batchNormalization = (args: BatchNormalizationArgs = {}) => new BatchNormalization(args);
export const depthwiseConv2d = (args: DepthwiseConv2DArgs) => new DepthwiseConv2D(args);
export const separableConv2d = (args: SeparableConv2DArgs) => new SeparableConv2D(args);
export const bidirectional = (args: BidirectionalArgs) => new Bidirectional(args);
export const randomFlip = (args: RandomFlipArgs = {}) => new RandomFlip(args);
export const randomRotation = (args: RandomRotationArgs) => new RandomRotation(args);
export const randomZoom = (args: RandomZoomArgs) => new RandomZoom(args);
export const randomTranslation = (args: RandomTranslationArgs) => new RandomTranslation(args);
export const randomContrast = (args: RandomContrastArgs) => new RandomContrast(args);
export const rescaling = (args: RescalingArgs) => new Rescaling(args);
