//! conv2d backward (NHWC x and dy, HWIO filter): the two backprop exports and `conv2d_backward`,
//! which does a conv layer's whole backward in one call (fused activation gradient, bias, filter
//! and, when wanted, input gradients), so the pre-activation gradient dz never crosses into JS.
//! The filter gradient is in `conv2d_grad_filter.rs`, the input gradient in `conv2d_grad_input.rs`.

use crate::conv2d_grad_filter::FilterGrad;
use crate::conv2d_grad_input::InputGrad;
use crate::conv_info::ConvInfo;
use crate::memory::{slice, slice_mut};
use crate::simd::add_assign;

/// dfilter = Σ over pixels of patch(x)ᵀ · dy.
#[no_mangle]
pub extern "C" fn conv2d_backprop_filter(x: *const f32, dy: *const f32, dfilter: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let n = info.out_c;
    let (x_img, dz_img) = (info.in_h * info.in_w * info.in_c, info.out_h * info.out_w * n);
    let x = slice(x, info.x_len());
    let dy = slice(dy, info.pixels() * n);
    let dw = slice_mut(dfilter, info.filter_h * info.filter_w * info.in_c * n);
    dw.iter_mut().for_each(|v| *v = 0.0);
    let mut grad = FilterGrad::new(&info);
    for b in 0..info.batch {
        grad.add_image(&info, &x[b * x_img..(b + 1) * x_img], &dy[b * dz_img..(b + 1) * dz_img], dw);
    }
    grad.finish(&info, dw);
}

/// dx = the gradient of conv2d with respect to x for output gradient dy.
#[no_mangle]
pub extern "C" fn conv2d_backprop_input(dy: *const f32, filter: *const f32, dx: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let n = info.out_c;
    let dy = slice(dy, info.pixels() * n);
    let w = slice(filter, info.filter_h * info.filter_w * info.in_c * n);
    let dx = slice_mut(dx, info.x_len());
    InputGrad::new(&info, w).images(&info, info.batch, dy, dx);
}

/// A conv layer's backward in one call, for out = act(conv(x, filter) + bias):
/// dz = act'(y)·dy with y = out (y may be null when act is linear); dfilter = the filter gradient
/// for dz; dbias[o] = Σ dz[.., o] unless dbias is null; dx = the input gradient unless dx is null.
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub extern "C" fn conv2d_backward(x: *const f32, filter: *const f32, y: *const f32, dy: *const f32, act: u32, dx: *mut f32, dfilter: *mut f32, dbias: *mut f32, info: *const u32) {
    let info = ConvInfo::read(info);
    let n = info.out_c;
    let (x_img, px) = (info.in_h * info.in_w * info.in_c, info.out_h * info.out_w);
    let x = slice(x, info.x_len());
    let w = slice(filter, info.filter_h * info.filter_w * info.in_c * n);
    let dy = slice(dy, info.pixels() * n);
    let y = if act == 0 { None } else { Some(slice(y, info.pixels() * n)) };
    let (dw, mut db) = zeroed_sums(dfilter, w.len(), dbias, n);
    let mut dx = if dx.is_null() { None } else { Some(slice_mut(dx, info.x_len())) };
    let mut fgrad = FilterGrad::new(&info);
    // dz one image at a time, or for the whole batch when dx is wanted: the input gradient then
    // runs once over the batch (the forward kernel, which some shapes use for it, costs setup
    // per call).
    let mut dz = vec![0.0f32; if dx.is_some() { info.batch * px * n } else { px * n }];
    for b in 0..info.batch {
        let rows = b * px * n..(b + 1) * px * n;
        let dzb = if dx.is_some() { &mut dz[rows.clone()] } else { &mut dz[..] };
        activation_backward(act, y.map(|y| &y[rows.clone()]), &dy[rows], dzb);
        if let Some(db) = db.as_mut() {
            for p in 0..px {
                add_assign(db, &dzb[p * n..(p + 1) * n]);
            }
        }
        fgrad.add_image(&info, &x[b * x_img..(b + 1) * x_img], dzb, dw);
    }
    fgrad.finish(&info, dw);
    if let Some(dx) = dx.as_mut() {
        InputGrad::new(&info, w).images(&info, info.batch, &dz, dx);
    }
}

/// The filter gradient (`filter_len` floats) and, unless `dbias` is null, the bias gradient (`n`),
/// zeroed for a backward pass to add its sums into.
pub(crate) fn zeroed_sums<'a>(dfilter: *mut f32, filter_len: usize, dbias: *mut f32, n: usize) -> (&'a mut [f32], Option<&'a mut [f32]>) {
    let dw = slice_mut(dfilter, filter_len);
    dw.iter_mut().for_each(|v| *v = 0.0);
    let db = if dbias.is_null() { None } else { Some(slice_mut(dbias, n)) };
    (dw, db.map(|db| {
        db.iter_mut().for_each(|v| *v = 0.0);
        db
    }))
}

/// dz = act'(y)·dy for the fused activations (codes as in fused_activation.rs), with the same
/// formulas as relu_backward, sigmoid_backward and tanh_backward.
fn activation_backward(act: u32, y: Option<&[f32]>, dy: &[f32], dz: &mut [f32]) {
    let n = dz.len();
    let dy = &dy[..n];
    let y = match y {
        Some(y) if act != 0 => &y[..n],
        _ => {
            dz.copy_from_slice(dy);
            return;
        }
    };
    match act {
        1 => crate::activation::relu_mask(y, dy, dz),
        2 => {
            for i in 0..n {
                dz[i] = dy[i] * y[i] * (1.0 - y[i]);
            }
        }
        _ => {
            for i in 0..n {
                dz[i] = dy[i] * (1.0 - y[i] * y[i]);
            }
        }
    }
}

#[cfg(test)]
#[path = "conv2d_backprop_tests.rs"]
mod tests;
