/**
 * Typed errors. Every message names what was expected, what was found and, where possible, the fix.
 */

/** Base class of every error Neurite throws on purpose. */
export class NeuriteError extends Error {
  override name = 'NeuriteError';
}

/** A tensor or layer input has the wrong rank or shape. */
export class ShapeError extends NeuriteError {
  override name = 'ShapeError';
}

/** A tensor has the wrong dtype (e.g. float ids into an Embedding). */
export class DTypeError extends NeuriteError {
  override name = 'DTypeError';
}

/** An argument has a bad value (negative units, rate outside [0, 1), …). */
export class ValueError extends NeuriteError {
  override name = 'ValueError';
}

/** A model was used for training/evaluation before `compile()`. */
export class NotCompiledError extends NeuriteError {
  override name = 'NotCompiledError';
}

/** An unknown name was given for an initializer, activation, loss, optimizer, layer class, … */
export class UnknownNameError extends NeuriteError {
  override name = 'UnknownNameError';
  constructor(kind: string, given: unknown, known: readonly string[]) {
    super(`Unknown ${kind} '${String(given)}'. Known ${kind}s: ${known.join(', ')}.`);
  }
}

/** Gradients were requested in a way the tape cannot answer. */
export class GradientError extends NeuriteError {
  override name = 'GradientError';
}

/** fit() stopped because the loss or a gradient became NaN/Infinity; the weights keep their last finite values. */
export class TrainingDivergedError extends NeuriteError {
  override name = 'TrainingDivergedError';
  constructor(
    message: string,
    /** The History of the epochs completed before the divergence. */
    readonly history?: { history: Record<string, number[]>; epoch: number[] },
  ) {
    super(message);
  }
}

/** Formats a shape for messages: [null,28,28,1] → "[null, 28, 28, 1]". */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}
