export { Tokenizer, type TokenizerOptions } from './tokenizer.js';
export {
  padSequences,
  type PadDtype,
  type PadSequencesOptions,
  type PaddedSequences,
} from './pad-sequences.js';
export {
  textToWordSequence,
  DEFAULT_FILTERS,
  type TextToWordSequenceOptions,
} from './text-to-word-sequence.js';
export { type Matrix, type MatrixMode } from './sequences-to-matrix.js';
export { type TextInput, type Sequence } from './validate.js';
export { TokenizerInputError, TokenizerValueError } from './errors.js';
