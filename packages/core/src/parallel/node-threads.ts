/**
 * The pool's one door to Node's built-ins (node:worker_threads, node:os), imported dynamically so
 * this build still loads anywhere. The portable build (workerd, Edge, browsers; see
 * tsup.config.ts) swaps this file for `node-threads-portable.ts`: those bundles use Web Workers
 * or run in the calling thread, and carry no `node:` import.
 */
import type { MessagePort, Worker } from 'node:worker_threads';

export interface NodeThreads {
  /** node:worker_threads' Worker class. */
  Worker: typeof Worker;
  /** Logical cores available to this process. */
  cores: number;
}

/** Node's worker threads, or null where node:worker_threads cannot be imported. */
export async function nodeThreads(): Promise<NodeThreads | null> {
  try {
    const [threads, os] = await Promise.all([import('node:worker_threads'), import('node:os')]);
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    return { Worker: threads.Worker, cores: Math.max(1, cores) };
  } catch {
    return null;
  }
}

/** Inside a worker thread: the port to the thread that started it (null outside worker_threads). */
export async function nodeParentPort(): Promise<MessagePort | null> {
  try {
    return (await import('node:worker_threads')).parentPort;
  } catch {
    return null;
  }
}
