/**
 * A learning-rate schedule is a pure function of the optimizer step (0-based count of updates
 * already applied), like Keras' `LearningRateSchedule.__call__(step)`.
 */
export type LearningRateSchedule = (step: number) => number;

/** What an optimizer accepts as its learning rate: a constant or a schedule. */
export type LearningRate = number | LearningRateSchedule;
