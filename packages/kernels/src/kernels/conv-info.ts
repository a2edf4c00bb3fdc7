/** Passes a Conv2DInfo to Rust as 15 int32 fields (order matches crates/kernels/src/conv_info.rs). */
import type { Conv2DInfo } from '../kernel-set.js';
import { put } from '../scratch.js';

/** Elements the packed info takes (for `bytesFor`). */
export const INFO_LENGTH = 15;

/** Copies `info` into the scratch arena; returns its byte offset. Call after `beginCall`. */
export function putInfo(info: Conv2DInfo): number {
  return put(Int32Array.of(
    info.batch, info.inH, info.inW, info.inC, info.filterH, info.filterW, info.outC,
    info.strideH, info.strideW, info.dilationH, info.dilationW, info.padTop, info.padLeft, info.outH, info.outW,
  ));
}

/** Multiply-adds × 2 of the convolution `info` describes (to decide whether a call is worth splitting). */
export function convWork(info: Conv2DInfo): number {
  return 2 * info.batch * info.outH * info.outW * info.outC * info.filterH * info.filterW * info.inC;
}
