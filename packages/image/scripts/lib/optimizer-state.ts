/**
 * Checkpointing the optimizer next to the model (model.save stores weights only): the step count
 * and every per-weight slot (Adam's m and v), in trainable-weight order, as one little-endian
 * float32 file plus a JSON index. Training-script internal; not a model format.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Optimizer, Sequential } from '@neurite/core';

type Slots = WeakMap<object, Float32Array[]>;
// The optimizer keeps its slots private; this script is the only place that reaches in.
const slotsOf = (opt: Optimizer): Slots => (opt as unknown as { state: Slots }).state;

export function saveOptimizerState(model: Sequential, opt: Optimizer, base: string, extra: Record<string, unknown>): void {
  const state = slotsOf(opt);
  const parts: Float32Array[] = [];
  const counts: number[] = [];
  for (const w of model.trainableWeights) {
    const slots = state.get(w) ?? [];
    counts.push(slots.length);
    parts.push(...slots);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  writeFileSync(`${base}.bin`, new Uint8Array(all.buffer));
  writeFileSync(`${base}.json`, JSON.stringify({ iterations: opt.iterations, counts, ...extra }));
}

export function loadOptimizerState(model: Sequential, opt: Optimizer, base: string): Record<string, unknown> {
  const index = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { iterations: number; counts: number[] } & Record<string, unknown>;
  const bytes = readFileSync(`${base}.bin`);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const state = slotsOf(opt);
  let at = 0;
  model.trainableWeights.forEach((w, i) => {
    const n = (w.data as Float32Array).length;
    const slots: Float32Array[] = [];
    for (let s = 0; s < index.counts[i]; s++) {
      slots.push(all.slice(at, at + n));
      at += n;
    }
    if (slots.length > 0) state.set(w, slots);
  });
  if (at !== all.length) throw new Error(`${base}.bin holds ${all.length} values but the model's optimizer slots need ${at}: the checkpoint is from another architecture.`);
  opt.iterations = index.iterations;
  return index;
}
