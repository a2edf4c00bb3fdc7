/** The architectures trained by scripts/train.ts. */
import { layers, sequential, type Sequential } from '@neurite/core';
import { BagOfNgrams } from '../../src/bag-of-ngrams.js';

export interface TextModelSpec {
  vocabSize: number;
  maxlen: number;
  embeddingDim: number;
  units: number;
  seed: number;
  /** Bigram hash buckets of the bag model. */
  buckets: number;
}

/** Shipped candidate: Embedding → Dropout → Bidirectional(LSTM) → Dropout → Dense(3, softmax). */
export function bilstmClassifier(s: TextModelSpec): Sequential {
  const model = bilstmBody(s, 'neurite_sentiment_bilstm');
  model.add(layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}

/**
 * The same body with a linear head of `outputs` units: pre-trained to regress a teacher's sentence
 * embedding (scripts/pretrain-body.ts), then `train.ts --init` starts a classifier from its body.
 */
export function bilstmRegressor(s: TextModelSpec, outputs: number): Sequential {
  const model = bilstmBody(s, 'neurite_sentiment_bilstm_body');
  model.add(layers.dense({ units: outputs }));
  return model;
}

function bilstmBody(s: TextModelSpec, name: string): Sequential {
  const model = sequential({ seed: s.seed, name });
  model.add(layers.embedding({ inputDim: s.vocabSize, outputDim: s.embeddingDim, inputLength: s.maxlen }));
  model.add(layers.dropout({ rate: 0.25, seed: s.seed + 1 }));
  model.add(layers.bidirectional({ layer: layers.lstm({ units: s.units }) }));
  model.add(layers.dropout({ rate: 0.4, seed: s.seed + 2 }));
  return model;
}

/** The tutorial's binary model: Embedding → LSTM(64, returnSequences) → LSTM(32) → Dense(1, sigmoid). */
export function tutorialBinary(s: TextModelSpec): Sequential {
  const model = sequential({ seed: s.seed, name: 'tutorial_lstm_binary' });
  model.add(layers.embedding({ inputDim: s.vocabSize, outputDim: s.embeddingDim, inputLength: s.maxlen }));
  model.add(layers.lstm({ units: 64, returnSequences: true }));
  model.add(layers.lstm({ units: 32 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  return model;
}

/** Ensemble member: BagOfNgrams (unigrams + hashed bigrams, mean) → Dropout → Dense(3, softmax), fastText-style. */
export function bagClassifier(s: TextModelSpec): Sequential {
  const model = sequential({ seed: s.seed, name: 'neurite_sentiment_bag' });
  model.add(new BagOfNgrams({ vocabSize: s.vocabSize, buckets: s.buckets, outputDim: s.embeddingDim, batchInputShape: [null, s.maxlen] }));
  model.add(layers.dropout({ rate: 0.2, seed: s.seed + 1 }));
  model.add(layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}
