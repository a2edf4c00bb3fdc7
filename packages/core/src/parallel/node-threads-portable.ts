/**
 * Replaces `node-threads.ts` in the portable build (workerd, Vercel Edge, browsers; see
 * tsup.config.ts): no node:worker_threads there, so the bundle carries no `node:` import and the
 * pool uses Web Workers where they exist, else the calling thread.
 */
import type { MessagePort } from 'node:worker_threads';
import type { NodeThreads } from './node-threads.js';

export async function nodeThreads(): Promise<NodeThreads | null> {
  return null;
}

export async function nodeParentPort(): Promise<MessagePort | null> {
  return null;
}
