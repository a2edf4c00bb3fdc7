/**
 * Keras/tfjs-layers clip probabilities to [epsilon(), 1 - epsilon()] with epsilon() = 1e-7, in
 * float32: the bounds are the float32 roundings, and 1 - 1e-7 rounds to 1 - 2^-23.
 */
export const EPSILON = Math.fround(1e-7);
export const UPPER = Math.fround(1 - 1e-7);
