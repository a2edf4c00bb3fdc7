/** Data parallelism on worker threads: createWorkerPool and its typed errors. */
export { createWorkerPool, WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
export { WorkerPoolError } from './errors.js';
