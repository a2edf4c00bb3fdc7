/** `classifyImage(input | inputs, options?)`: the shipped cat/dog classifier, loaded once on first use. */
import { loadImageClassifier, type Classification, type ClassifyOptions, type ImageClassifier } from './image-classifier.js';
import type { ImageInput } from './load-image.js';

let shared: Promise<ImageClassifier> | null = null;

function defaultClassifier(): Promise<ImageClassifier> {
  shared ??= loadImageClassifier().catch((e: unknown) => {
    shared = null; // let a later call retry (e.g. after a failed WebAssembly init)
    throw e;
  });
  return shared;
}

// The array overload comes first: ImageInput includes `object`, which an array also is.
export function classifyImage(inputs: readonly ImageInput[], options?: ClassifyOptions): Promise<Classification[]>;
export function classifyImage(input: ImageInput, options?: ClassifyOptions): Promise<Classification>;
export async function classifyImage(input: ImageInput | readonly ImageInput[], options?: ClassifyOptions): Promise<Classification | Classification[]> {
  const classifier = await defaultClassifier();
  return Array.isArray(input) ? classifier.classify(input as readonly ImageInput[], options) : classifier.classify(input as ImageInput, options);
}
