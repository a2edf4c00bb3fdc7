/** Loading a user's own TF.js layers model + Keras tokenizer JSON. */
import { describe, expect, it } from 'vitest';
import { layers, saveModel, sequential, setSeed, tensor } from '@neurite/core';
import { padSequences, Tokenizer } from '@neurite/tokenizer';
import { loadSentimentAnalyzer, SentimentModelError } from './index.js';

// Keras `tokenizer.to_json()` of Tokenizer(num_words=50, oov_token='<OOV>') fitted on four sentences.
const KERAS_TOKENIZER_JSON =
  '{"class_name": "Tokenizer", "config": {"num_words": 50, "filters": "!\\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n", "lower": true, "split": " ", "char_level": false, "oov_token": "<OOV>", "document_count": 4, ' +
  '"word_counts": "{\\"i\\": 2, \\"love\\": 1, \\"this\\": 2, \\"movie\\": 2, \\"it\\": 2, \\"is\\": 2, \\"great\\": 2, \\"hate\\": 1, \\"awful\\": 2, \\"what\\": 1, \\"a\\": 1, \\"day\\": 1, \\"service\\": 1, \\"and\\": 1, \\"rude\\": 1, \\"staff\\": 1}", ' +
  '"word_docs": "{\\"i\\": 2, \\"love\\": 1, \\"this\\": 2, \\"movie\\": 2, \\"it\\": 2, \\"is\\": 2, \\"great\\": 2, \\"hate\\": 1, \\"awful\\": 2, \\"what\\": 1, \\"a\\": 1, \\"day\\": 1, \\"service\\": 1, \\"and\\": 1, \\"rude\\": 1, \\"staff\\": 1}", ' +
  '"index_docs": "{\\"2\\": 2, \\"9\\": 1, \\"3\\": 2, \\"4\\": 2, \\"5\\": 2, \\"6\\": 2, \\"7\\": 2, \\"10\\": 1, \\"8\\": 2, \\"11\\": 1, \\"12\\": 1, \\"13\\": 1, \\"14\\": 1, \\"15\\": 1, \\"16\\": 1, \\"17\\": 1}", ' +
  '"index_word": "{\\"1\\": \\"<OOV>\\", \\"2\\": \\"i\\", \\"3\\": \\"this\\", \\"4\\": \\"movie\\", \\"5\\": \\"it\\", \\"6\\": \\"is\\", \\"7\\": \\"great\\", \\"8\\": \\"awful\\", \\"9\\": \\"love\\", \\"10\\": \\"hate\\", \\"11\\": \\"what\\", \\"12\\": \\"a\\", \\"13\\": \\"day\\", \\"14\\": \\"service\\", \\"15\\": \\"and\\", \\"16\\": \\"rude\\", \\"17\\": \\"staff\\"}", ' +
  '"word_index": "{\\"<OOV>\\": 1, \\"i\\": 2, \\"this\\": 3, \\"movie\\": 4, \\"it\\": 5, \\"is\\": 6, \\"great\\": 7, \\"awful\\": 8, \\"love\\": 9, \\"hate\\": 10, \\"what\\": 11, \\"a\\": 12, \\"day\\": 13, \\"service\\": 14, \\"and\\": 15, \\"rude\\": 16, \\"staff\\": 17}"}}';

function tinyModel(outputs: number) {
  setSeed(7);
  const m = sequential();
  m.add(layers.embedding({ inputDim: 50, outputDim: 8, inputLength: 6 }));
  m.add(layers.lstm({ units: 4 }));
  m.add(layers.dense({ units: outputs, activation: outputs === 1 ? 'sigmoid' : 'softmax' }));
  m.build([null, 6]);
  return m;
}

describe('loadSentimentAnalyzer with a user model', () => {
  it('reads Keras tokenizer JSON and a TF.js layers model (sigmoid binary): same numbers as predicting by hand', async () => {
    const model = tinyModel(1);
    const artifacts = await saveModel(model, 'memory');
    const a = await loadSentimentAnalyzer({ model: artifacts, tokenizer: KERAS_TOKENIZER_JSON });
    const text = 'I love this movie, zebra!';
    const r = a.analyze(text);
    const tok = Tokenizer.fromJSON(KERAS_TOKENIZER_JSON);
    expect(tok.textsToSequences([text])).toEqual([[2, 9, 3, 4, 1]]);
    const x = padSequences(tok.textsToSequences([text]), { maxlen: 6 });
    const p = model.predict(tensor(x.data, [1, 6], 'int32')).data[0];
    expect(r.scores.positive).toBeCloseTo(p, 6);
    expect(r.scores.negative).toBeCloseTo(1 - p, 6);
    expect(r.scores.neutral).toBe(0);
    expect(r.coverage).toBeCloseTo(4 / 5, 12);
    expect(a.maxTokens).toBe(6);
  });

  it('3-way softmax with a custom label order, a Tokenizer object and a Sequential', async () => {
    const model = tinyModel(3);
    const tok = Tokenizer.fromJSON(KERAS_TOKENIZER_JSON);
    const a = await loadSentimentAnalyzer({ model, tokenizer: tok, labels: ['positive', 'negative', 'neutral'] });
    const x = padSequences(tok.textsToSequences(['awful service']), { maxlen: 6 });
    const p = model.predict(tensor(x.data, [1, 6], 'int32')).data;
    const r = a.analyze('awful service');
    expect(r.scores.positive).toBeCloseTo(p[0], 6);
    expect(r.scores.negative).toBeCloseTo(p[1], 6);
    expect(r.scores.neutral).toBeCloseTo(p[2], 6);
  });

  it('typed errors for missing or mismatched parts', async () => {
    const model = tinyModel(3);
    await expect(loadSentimentAnalyzer({ model })).rejects.toThrow(SentimentModelError);
    await expect(loadSentimentAnalyzer({ tokenizer: KERAS_TOKENIZER_JSON })).rejects.toThrow(SentimentModelError);
    await expect(loadSentimentAnalyzer({ model, tokenizer: 42 as unknown as string })).rejects.toThrow(/tokenizer must be Keras tokenizer JSON/);
    const wrong = await loadSentimentAnalyzer({ model, tokenizer: KERAS_TOKENIZER_JSON, labels: ['negative', 'positive'] });
    expect(() => wrong.analyze('great movie')).toThrow(/outputs shape \[1, 3\] but 2 label/);
  });
});
