/**
 * The Keras stacked-LSTM sentiment classifier (IMDB-style), line for line:
 *
 *   model = Sequential()
 *   model.add(Embedding(vocab_size, embedding_dim, input_length=max_len))
 *   model.add(LSTM(64, return_sequences=True))
 *   model.add(LSTM(32))
 *   model.add(Dense(1, activation='sigmoid'))
 *   model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
 *   model.fit(x_train, y_train, epochs=..., batch_size=32, validation_split=0.2)
 *
 * x is [samples, maxLen] word ids from a Tokenizer + padSequences; y is [samples, 1], 1 = positive.
 */
import { layers, sequential, tensor, type Sequential, type Tensor } from '@neurite/core';

export interface SentimentConfig {
  vocabSize?: number;
  embeddingDim?: number;
  maxLen?: number;
}

export function buildModel({ vocabSize = 10000, embeddingDim = 32, maxLen = 100 }: SentimentConfig = {}): Sequential {
  const model = sequential();
  model.add(layers.embedding({ inputDim: vocabSize, outputDim: embeddingDim, inputLength: maxLen }));
  model.add(layers.lstm({ units: 64, returnSequences: true }));
  model.add(layers.lstm({ units: 32 }));
  model.add(layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ loss: 'binary_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
  return model;
}

const REVIEWS: [string, number][] = [
  ['a wonderful film with a great cast', 1],
  ['great story and wonderful acting', 1],
  ['i loved it , truly excellent', 1],
  ['excellent direction and a moving score', 1],
  ['a boring film with a dull cast', 0],
  ['dull story and terrible acting', 0],
  ['i hated it , truly awful', 0],
  ['awful direction and a boring score', 0],
];

export async function main(epochs = 30): Promise<Sequential> {
  // @neurite/tokenizer is Keras' Tokenizer + pad_sequences; loaded here only, so buildModel needs core alone.
  const { Tokenizer, padSequences } = await import('@neurite/tokenizer');
  const maxLen = 10;
  const tokenizer = new Tokenizer({ numWords: 1000, oovToken: '<OOV>' });
  tokenizer.fitOnTexts(REVIEWS.map(([text]) => text));
  const padded = padSequences(tokenizer.textsToSequences(REVIEWS.map(([text]) => text)), { maxlen: maxLen });
  const x = tensor(padded.data, padded.shape, 'int32');
  const y: Tensor = tensor(REVIEWS.map(([, label]) => [label]));

  const model = buildModel({ vocabSize: 1000, embeddingDim: 16, maxLen });
  model.summary();
  const history = await model.fit(x, y, { epochs, batchSize: 32 });
  console.log('final accuracy', history.history.accuracy.at(-1));
  return model;
}
