/** @neurite/text: sentiment analysis with a model trained by Neurite, shipped inside the package. */
export { analyzeSentiment, loadSentimentAnalyzer, type LoadSentimentOptions } from './load.js';
export { SentimentAnalyzer, type SentimentResult, type SentimentScores, type AnalyzeOptions, type AnalyzerParts } from './analyzer.js';
export type { TokenContribution } from './explain.js';
export type { CombinerConfig } from './combiner.js';
export { SentimentInputError, SentimentModelError } from './errors.js';
export { LABELS, type SentimentLabel } from './labels.js';
export { normalizeText, TOKENIZER_FILTERS } from './preprocess.js';
export { encodeTexts, type EncodedBatch, type Truncating } from './encode.js';
