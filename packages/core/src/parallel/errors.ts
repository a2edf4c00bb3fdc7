/** Typed errors of the worker pool. */
import { NeuriteError } from '../errors.js';

/**
 * A worker failed: it could not load the model (e.g. a custom layer class it cannot import), a
 * computation in it threw, it died, or the pool was terminated. The message names the worker and
 * the original error.
 */
export class WorkerPoolError extends NeuriteError {
  override name = 'WorkerPoolError';

  constructor(
    message: string,
    options?: { cause?: unknown },
    /** The name of the error thrown inside the worker (e.g. 'KernelMemoryError', 'UnknownLayerError'), if one was. */
    readonly workerErrorName: string | null = null,
  ) {
    super(message, options);
  }
}
