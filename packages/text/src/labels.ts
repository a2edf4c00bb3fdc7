/** The three sentiment classes, in the order of the shipped model's softmax outputs. */
export const LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof LABELS)[number];
