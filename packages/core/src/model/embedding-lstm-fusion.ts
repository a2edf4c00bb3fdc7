/**
 * Sequential inference's Embedding → LSTM fusion: the LSTM reads the embedding rows by id inside
 * its kernel (embeddingLstmPredict), so the looked-up rows [batch, steps, dim] are never gathered
 * and copied out of WASM memory; a second LSTM right after one that returns sequences joins the
 * same call (embeddingLstm2Predict), so the first one's output stays in WASM memory too. For the
 * seed LSTM at batch 64 that saves three 1.6 MB arrays and their copies, ~8 % of a predict. The
 * result is bit-identical to running the layers one by one (the kernels they use already read
 * embedding rows by id); the rule is kept narrow so that is obvious:
 * - inference only (not training, no tape);
 * - exactly Embedding and LSTM (not subclasses), all built, each LSTM with the fused kernel's
 *   activations (tanh, sigmoid) and not going backwards;
 * - ids [batch, steps] with steps ≥ 1 and the table resident (else the layers run one by one).
 */
import { Embedding } from '../layers/embedding.js';
import { assertLayerInput, type Layer } from '../layers/layer.js';
import { LSTM } from '../layers/lstm.js';
import { embeddingLstm, type LSTMWeights } from '../ops/lstm.js';
import { Tensor } from '../tensor.js';

/** An LSTM layer the fused kernels can run. */
function fusable(layer: Layer | undefined): layer is LSTM {
  if (layer === undefined || layer.constructor !== LSTM) return false;
  const lstm = layer as LSTM;
  return lstm.built && lstm.kernel !== null && lstm.recurrentKernel !== null && lstm.activation === 'tanh' && lstm.recurrentActivation === 'sigmoid' && !lstm.goBackwards;
}

/**
 * How many of the layers after layers[i] run inside one fused call with it: 0 (no fusion), 1
 * (Embedding → LSTM) or 2 (Embedding → LSTM returning sequences → LSTM).
 */
export function lstmsFusedWith(layers: readonly Layer[], i: number): number {
  const layer = layers[i] as Embedding;
  if (layer.constructor !== Embedding || !layer.built || layer.embeddings === null || !fusable(layers[i + 1])) return 0;
  return (layers[i + 1] as LSTM).returnSequences && fusable(layers[i + 2]) ? 2 : 1;
}

/**
 * The output of layers[i] and the `count` LSTMs after it (see lstmsFusedWith) for ids, or null
 * when the fusion does not apply to this input (the caller then applies the layers one by one).
 * Checks ids as the layers' apply would.
 */
export function applyEmbeddingLstm(layers: readonly Layer[], i: number, count: number, ids: Tensor): Tensor | null {
  const embedding = layers[i] as Embedding;
  const lstms = layers.slice(i + 1, i + 1 + count) as LSTM[];
  if (ids.rank !== 2 || ids.shape[1] === 0) return null;
  assertLayerInput(embedding, ids.shape);
  let features = embedding.outputDim;
  for (const lstm of lstms) {
    assertLayerInput(lstm, [...ids.shape, features]);
    features = lstm.units;
  }
  const weights = (lstm: LSTM): LSTMWeights => ({
    weights: lstm.kernel!,
    recurrentWeights: lstm.recurrentKernel!,
    bias: lstm.bias ?? new Tensor(new Float32Array(4 * lstm.units), [4 * lstm.units]),
  });
  const last = lstms[lstms.length - 1];
  return embeddingLstm(embedding.embeddings!, ids, weights(lstms[0]), count === 2 ? weights(lstms[1]) : null, last.returnSequences);
}
