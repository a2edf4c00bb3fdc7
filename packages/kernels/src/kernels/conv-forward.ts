import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { splitBatch, type Job } from '../threads.js';
import type { KernelExports } from '../wasm-module.js';
import { convWork, putInfo } from './conv-info.js';

type ConvForward = (x: number, filter: number, bias: number, out: number, info: number, act: number) => void;

/**
 * Runs a forward convolution export (x, filter, bias, out, info, act) after the wrapper's puts: on
 * the whole batch, or with kernel threads on two batch halves at once, the helper taking the
 * second (images are independent, so the output is bit for bit). `out` holds `outFloats` per
 * image; the wrapper reserves arena space for two infos (INFO_LENGTH each).
 */
export function convForward(w: KernelExports, job: Job, px: number, pf: number, pb: number, pout: number, info: Conv2DInfo, act: Activation, outFloats: number): void {
  const run = w[job] as ConvForward;
  const split = splitBatch(info.batch, 1, convWork(info));
  if (split === null) {
    run(px, pf, pb, pout, putInfo(info), act);
    return;
  }
  const { helper, half, rest, row } = split;
  helper.run(job, [row(px, info.inH * info.inW * info.inC), pf, pb, row(pout, outFloats), putInfo({ ...info, batch: rest }), act]);
  run(px, pf, pb, pout, putInfo({ ...info, batch: half }), act);
  helper.wait();
}
