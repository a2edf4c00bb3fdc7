/** Embedding: int ids [batch, length] → vectors [batch, length, outputDim]. */
import type { InitializerIdentifier, Initializer } from '../initializers/index.js';
import { embeddingLookup } from '../ops/gather.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { nulls, positiveInt, resolveInitializer, serializeInitializer } from './config.js';
import { Layer, type LayerArgs, type LayerConfig, type LayerShape } from './layer.js';
import { ValueError } from '../errors.js';

export interface EmbeddingArgs extends LayerArgs {
  inputDim: number;
  outputDim: number;
  embeddingsInitializer?: InitializerIdentifier;
  inputLength?: number | null;
  maskZero?: boolean;
}

export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly inputLength: number | null;
  readonly embeddingsInitializer: Initializer;
  embeddings: Variable | null = null;

  constructor(args: EmbeddingArgs) {
    // As TF.js: without an input shape, inputs are [batch, inputLength or any].
    super(args?.inputShape === undefined && args?.batchInputShape === undefined ? { ...args, batchInputShape: [args?.batchSize ?? null, args?.inputLength ?? null] } : args);
    const where = `Embedding '${this.name}'`;
    this.inputDim = positiveInt(args.inputDim, 'inputDim', where);
    this.outputDim = positiveInt(args.outputDim, 'outputDim', where);
    this.inputLength = args.inputLength ?? null;
    if (args.maskZero) throw new ValueError(`${where}: maskZero is not supported yet; pad with 0 and let the model learn to ignore it.`);
    this.embeddingsInitializer = resolveInitializer(args.embeddingsInitializer, 'random_uniform');
  }

  override build(): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.embeddingsInitializer);
    this.built = true;
  }

  call(input: Tensor): Tensor {
    return embeddingLookup(this.embeddings!, input);
  }

  override computeOutputShape(s: LayerShape): LayerShape {
    return [...s, this.outputDim];
  }

  override getConfig(): LayerConfig {
    return {
      input_dim: this.inputDim,
      output_dim: this.outputDim,
      embeddings_initializer: serializeInitializer(this.embeddingsInitializer),
      ...nulls('embeddings_regularizer', 'activity_regularizer', 'embeddings_constraint'),
      mask_zero: null,
      input_length: this.inputLength,
      ...super.getConfig(),
    };
  }
}
