import type { LstmCells } from './kernel-set.js';

/** LstmCells held in JS arrays: the reference kernels', and the WASM kernels' when WASM memory is short. */
export class ArrayCells implements LstmCells {
  constructor(
    readonly c: Float32Array,
    readonly gates: Float32Array,
    readonly batch: number,
    readonly steps: number,
    readonly units: number,
  ) {}

  read(): { c: Float32Array; gates: Float32Array } {
    return { c: this.c.slice(), gates: this.gates.slice() };
  }
}
