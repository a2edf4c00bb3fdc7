import type { Activation, Conv2DInfo } from '../kernel-set.js';
import { splitImages, splitRows, type Job } from '../threads.js';
import type { KernelExports } from '../wasm-module.js';
import { convWork, putInfo } from './conv-info.js';

/**
 * Runs a forward convolution export (x, filter, bias, ...outputs, info, act) after the wrapper's
 * puts: on the whole batch, or with kernel threads on two batch halves at once, the helper taking
 * the second (images are independent, so the outputs are bit for bit). A single image of a plain
 * or depthwise convolution splits by output rows instead (`splitRows`). `outputs` are the outputs'
 * byte offsets, each holding `outFloats` elements per image; the wrapper reserves arena space for
 * two infos (INFO_LENGTH each).
 */
export function convForward(w: KernelExports, job: Job, px: number, pf: number, pb: number, outputs: number[], outFloats: number, info: Conv2DInfo, act: Activation): void {
  const run = w[job] as (...args: number[]) => void;
  // A depthwise convolution does about a quarter of a plain one's operations per second here (the
  // shipped image network's 16: 69 M in 6.4 ms, against 700 M in 17.5 ms), so its work counts 4×.
  const work = convWork(info) * (job === 'depthwise_conv2d' ? 4 : 1);
  const split = splitImages(info.batch, work);
  if (split === null) {
    const byRows = (job === 'conv2d' || job === 'depthwise_conv2d') && splitImageRows(run, job, px, pf, pb, outputs[0], outFloats, info, act, work);
    if (!byRows) run(px, pf, pb, ...outputs, putInfo(info), act);
    return;
  }
  const { helper, half, rest, row } = split;
  helper.run(job, [row(px, info.inH * info.inW * info.inC), pf, pb, ...outputs.map((p) => row(p, outFloats)), putInfo({ ...info, batch: rest }), act]);
  run(px, pf, pb, ...outputs, putInfo({ ...info, batch: half }), act);
  helper.wait();
}

/**
 * One image's plain or depthwise convolution with kernel threads, split by output rows: this thread
 * takes rows [0, half), the helper the rest. Returns false (nothing run) when `splitRows` declines.
 * Outputs are those of one call, bit for bit: each pixel's sum does not depend on where a call
 * starts, except on Winograd's path (3×3, stride 1), whose 2×2 output tiles need an even cut. A
 * 1×1, stride-1, unpadded convolution is cut by pixels instead (as one pixel per row), so a
 * 7×7 map splits 25 / 24 rather than by rows 4 / 3.
 */
function splitImageRows(run: (...args: number[]) => void, job: Job, px: number, pf: number, pb: number, pout: number, outFloats: number, info: Conv2DInfo, act: Activation, work: number): boolean {
  const pointwise = job === 'conv2d' && info.filterH === 1 && info.filterW === 1 && info.strideH === 1 && info.strideW === 1 && info.padTop === 0 && info.padLeft === 0 && info.outH === info.inH && info.outW === info.inW;
  const geometry = pointwise ? { ...info, inH: info.inH * info.inW, inW: 1, outH: info.outH * info.outW, outW: 1 } : info;
  const winograd = job === 'conv2d' && info.filterH === 3 && info.filterW === 3 && info.strideH === 1 && info.strideW === 1 && info.dilationH === 1 && info.dilationW === 1;
  const rows = splitRows(geometry.batch, geometry.outH, work, winograd);
  if (rows === null) return false;
  // The helper's band of the input starts at the first row its outputs read (the rows above lie
  // outside it, like padding), and its own info says so.
  const { helper, half } = rows;
  const start = half * geometry.strideH;
  const [firstRow, padTop] = start >= geometry.padTop ? [start - geometry.padTop, 0] : [0, geometry.padTop - start];
  const band = { ...geometry, inH: geometry.inH - firstRow, padTop, outH: geometry.outH - half };
  const rowFloats = outFloats / geometry.outH;
  helper.run(job, [px + 4 * firstRow * geometry.inW * geometry.inC, pf, pb, pout + 4 * half * rowFloats, putInfo(band), act]);
  run(px, pf, pb, pout, putInfo({ ...geometry, outH: half }), act);
  helper.wait();
  return true;
}
