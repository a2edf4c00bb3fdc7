import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { splitBatch, type Job } from '../threads.js';
import type { KernelExports } from '../wasm-module.js';
import { convWork, putInfo } from './conv-info.js';

/**
 * Runs a forward convolution export (x, filter, bias, ...outputs, info, act) after the wrapper's
 * puts: on the whole batch, or with kernel threads on two batch halves at once, the helper taking
 * the second (images are independent, so the outputs are bit for bit). `outputs` are the outputs'
 * byte offsets, each holding `outFloats` elements per image; the wrapper reserves arena space for
 * two infos (INFO_LENGTH each).
 */
export function convForward(w: KernelExports, job: Job, px: number, pf: number, pb: number, outputs: number[], outFloats: number, info: Conv2DInfo, act: Activation): void {
  const run = w[job] as (...args: number[]) => void;
  const split = splitBatch(info.batch, 1, convWork(info));
  if (split === null) {
    run(px, pf, pb, ...outputs, putInfo(info), act);
    return;
  }
  const { helper, half, rest, row } = split;
  helper.run(job, [row(px, info.inH * info.inW * info.inC), pf, pb, ...outputs.map((p) => row(p, outFloats)), putInfo({ ...info, batch: rest }), act]);
  run(px, pf, pb, ...outputs, putInfo({ ...info, batch: half }), act);
  helper.wait();
}
