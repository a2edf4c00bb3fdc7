/**
 * The training state a checkpoint needs beyond the weights for a resumed fit to continue exactly
 * where it stopped: the optimizer's step count and per-weight buffers (Adam's moments, SGD's
 * velocity, …), the model's shuffle generator and the next epoch. Saved beside the model by
 * `modelCheckpoint({ filepath, saveTrainingState: true })`; restored by `fit(x, y, { resumeFrom })`.
 *
 * Not included: generators of layers drawing from the global seed (unseeded dropout or
 * augmentation). Give such layers a `seed` of their own when a resumed run must be bit-identical.
 */
import { NotCompiledError, ValueError } from '../errors.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Random, RandomState } from '../random.js';
import type { Variable } from '../variable.js';

export interface TrainingState {
  /** The 0-based epoch to run next (fit's `initialEpoch` when resuming). */
  epoch: number;
  optimizer: {
    className: string;
    iterations: number;
    /** Names of the trainable weights the slots belong to, in order (for messages). */
    weightNames: string[];
    /** Per trainable weight: its state buffers, or null if it has not been updated yet. */
    slots: (Float32Array[] | null)[];
  };
  /** The model's generator (fit's shuffles). */
  rng: RandomState;
}

/** What capture and restore read from a model (a Sequential satisfies it). */
export interface StatefulModel {
  readonly trainableWeights: Variable[];
  readonly optimizer: Optimizer | null;
  readonly rng: Random;
}

/** The state of `model` after training `nextEpoch` epochs (call it at the end of an epoch). */
export function captureTrainingState(model: StatefulModel, nextEpoch: number): TrainingState {
  const optimizer = requireOptimizer(model, 'captureTrainingState');
  const weights = model.trainableWeights;
  const { iterations, slots } = optimizer.getState(weights);
  return {
    epoch: nextEpoch,
    optimizer: { className: optimizer.className, iterations, weightNames: weights.map((w) => w.name), slots },
    rng: model.rng.getState(),
  };
}

/**
 * Puts `state` into a compiled model with the same architecture: optimizer step count and
 * buffers, shuffle generator. Throws a ValueError, before changing anything, if the optimizer
 * class or the trainable weights do not match.
 */
export function restoreTrainingState(model: StatefulModel, state: TrainingState): void {
  const optimizer = requireOptimizer(model, 'resuming from a training state');
  const weights = model.trainableWeights;
  const saved = state.optimizer;
  if (saved.className !== optimizer.className) {
    throw new ValueError(`The training state was saved with a ${saved.className} optimizer but the model is compiled with ${optimizer.className}; compile with the same optimizer to resume.`);
  }
  if (saved.slots.length !== weights.length) {
    throw new ValueError(`The training state holds optimizer state for ${saved.slots.length} trainable weights but the model has ${weights.length}; resume the model the checkpoint was saved from.`);
  }
  saved.slots.forEach((slots, i) => {
    if (slots === null) return;
    if (slots.length !== optimizer.slotsPerWeight || slots.some((s) => s.length !== weights[i].size)) {
      throw new ValueError(
        `The training state's optimizer buffers for weight ${i} ('${saved.weightNames[i] ?? '?'}') do not fit the model's weight '${weights[i].name}' ` +
          `(${weights[i].size} values, ${optimizer.slotsPerWeight} buffers); resume the model the checkpoint was saved from.`,
      );
    }
  });
  model.rng.setState(state.rng);
  optimizer.setState(weights, { iterations: saved.iterations, slots: saved.slots });
}

function requireOptimizer(model: StatefulModel, what: string): Optimizer {
  if (model.optimizer === null) throw new NotCompiledError(`${what} needs a compiled model: call model.compile({ optimizer, loss }) first.`);
  return model.optimizer;
}
