/**
 * A small Transformer encoder for the architecture comparison, written as custom layers from
 * Neurite's public ops (the tape derives every gradient):
 *   TokenAndPositionEmbedding → TransformerBlock (multi-head self-attention + feed-forward,
 *   residuals, post-layer-norm as in the Keras example) → GlobalAveragePooling1D → Dense.
 * No padding mask: like the Keras "text classification with Transformer" example.
 */
import * as ops from '@neurite/core';
import { layers, sequential, Layer, type CallArgs, type LayerArgs, type LayerConfig, type LayerShape, type Sequential, type Tensor, type Variable } from '@neurite/core';
import type { TextModelSpec } from './models.js';

export class TokenAndPositionEmbedding extends Layer {
  static override className = 'TokenAndPositionEmbedding';
  readonly maxlen: number;
  readonly vocabSize: number;
  readonly embedDim: number;
  tokens!: Variable;
  positions!: Variable;

  constructor(args: LayerArgs & { maxlen: number; vocabSize: number; embedDim: number }) {
    super(args);
    this.maxlen = args.maxlen;
    this.vocabSize = args.vocabSize;
    this.embedDim = args.embedDim;
  }

  override build(): void {
    const uniform = { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } };
    this.tokens = this.addWeight('token_embeddings', [this.vocabSize, this.embedDim], uniform);
    this.positions = this.addWeight('position_embeddings', [this.maxlen, this.embedDim], uniform);
  }

  call(x: Tensor): Tensor {
    return ops.add(ops.embeddingLookup(this.tokens, x), this.positions);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], this.maxlen, this.embedDim];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), maxlen: this.maxlen, vocab_size: this.vocabSize, embed_dim: this.embedDim };
  }
}

function layerNorm(x: Tensor, gamma: Variable, beta: Variable): Tensor {
  const mu = ops.mean(x, -1, true);
  const centered = ops.sub(x, mu);
  const variance = ops.mean(ops.square(centered), -1, true);
  return ops.add(ops.mul(ops.div(centered, ops.sqrt(ops.add(variance, 1e-6))), gamma), beta);
}

export class TransformerBlock extends Layer {
  static override className = 'TransformerBlock';
  readonly numHeads: number;
  readonly ffDim: number;
  readonly rate: number;
  w: Record<string, Variable> = {};

  constructor(args: LayerArgs & { numHeads: number; ffDim: number; rate?: number }) {
    super(args);
    this.numHeads = args.numHeads;
    this.ffDim = args.ffDim;
    this.rate = args.rate ?? 0.1;
  }

  override build(inputShape: LayerShape): void {
    const d = inputShape[2] as number;
    for (const n of ['q', 'k', 'v', 'o']) {
      this.w[`${n}_kernel`] = this.addWeight(`${n}_kernel`, [d, d]);
      this.w[`${n}_bias`] = this.addWeight(`${n}_bias`, [d], 'zeros');
    }
    this.w.ff1_kernel = this.addWeight('ff1_kernel', [d, this.ffDim]);
    this.w.ff1_bias = this.addWeight('ff1_bias', [this.ffDim], 'zeros');
    this.w.ff2_kernel = this.addWeight('ff2_kernel', [this.ffDim, d]);
    this.w.ff2_bias = this.addWeight('ff2_bias', [d], 'zeros');
    for (const n of ['ln1', 'ln2']) {
      this.w[`${n}_gamma`] = this.addWeight(`${n}_gamma`, [d], 'ones');
      this.w[`${n}_beta`] = this.addWeight(`${n}_beta`, [d], 'zeros');
    }
  }

  /** [B, L, D] → [B·H, L, D/H]. */
  private heads(x2d: Tensor, b: number, l: number, d: number): Tensor {
    const h = this.numHeads;
    return ops.reshape(ops.transpose(ops.reshape(x2d, [b, l, h, d / h]), [0, 2, 1, 3]), [b * h, l, d / h]);
  }

  call(x: Tensor, args: CallArgs): Tensor {
    const [b, l, d] = x.shape;
    const h = this.numHeads;
    const flat = ops.reshape(x, [b * l, d]);
    // The fused dense op adds the bias inside the kernel (no broadcast op on the tape).
    const proj = (n: string) => ops.dense(flat, this.w[`${n}_kernel`], this.w[`${n}_bias`], ops.Activation.Linear);
    const q = this.heads(proj('q'), b, l, d);
    const k = this.heads(proj('k'), b, l, d);
    const v = this.heads(proj('v'), b, l, d);
    const attention = ops.softmax(ops.matmul(ops.scale(q, 1 / Math.sqrt(d / h)), k, false, true));
    const mixed = ops.reshape(ops.transpose(ops.reshape(ops.matmul(attention, v), [b, h, l, d / h]), [0, 2, 1, 3]), [b * l, d]);
    let attended = ops.dense(mixed, this.w.o_kernel, this.w.o_bias, ops.Activation.Linear);
    if (args.training) attended = ops.dropout(attended, this.rate);
    const x1 = layerNorm(ops.add(flat, attended), this.w.ln1_gamma, this.w.ln1_beta);
    const hidden = ops.dense(x1, this.w.ff1_kernel, this.w.ff1_bias, ops.Activation.Relu);
    let ff = ops.dense(hidden, this.w.ff2_kernel, this.w.ff2_bias, ops.Activation.Linear);
    if (args.training) ff = ops.dropout(ff, this.rate);
    return ops.reshape(layerNorm(ops.add(x1, ff), this.w.ln2_gamma, this.w.ln2_beta), [b, l, d]);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return s;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), num_heads: this.numHeads, ff_dim: this.ffDim, rate: this.rate };
  }
}

export class GlobalAveragePooling1D extends Layer {
  static override className = 'GlobalAveragePooling1D';
  call(x: Tensor): Tensor {
    return ops.mean(x, 1);
  }
  override computeOutputShape(s: LayerShape): LayerShape {
    return [s[0], s[2]];
  }
}

export const transformerCustomLayers = { TokenAndPositionEmbedding, TransformerBlock, GlobalAveragePooling1D };

/** Embedding+positions (dim = spec.embeddingDim) → 1 encoder block (2 heads, ff 64) → mean pool → Dense(3, softmax). */
export function transformerClassifier(s: TextModelSpec): Sequential {
  const model = sequential({ seed: s.seed, name: 'neurite_sentiment_transformer' });
  model.add(new TokenAndPositionEmbedding({ maxlen: s.maxlen, vocabSize: s.vocabSize, embedDim: s.embeddingDim, batchInputShape: [null, s.maxlen] }));
  model.add(new TransformerBlock({ numHeads: 2, ffDim: 64, rate: 0.1 }));
  model.add(new GlobalAveragePooling1D({}));
  model.add(layers.dropout({ rate: 0.3 }));
  model.add(layers.dense({ units: 3, activation: 'softmax' }));
  return model;
}
