//! Host tests of the conv2d backward exports against direct sums in f64.

use super::*;

#[allow(clippy::too_many_arguments)]
fn geometry(batch: usize, hw: (usize, usize), c: usize, f: (usize, usize), n: usize, s: (usize, usize), d: (usize, usize), same: bool) -> Vec<u32> {
    let out = |i: usize, f: usize, s: usize, d: usize| if same { (i + s - 1) / s } else { (i - (f - 1) * d - 1) / s + 1 };
    let (oh, ow) = (out(hw.0, f.0, s.0, d.0), out(hw.1, f.1, s.1, d.1));
    // TensorFlow's 'same': the smaller half of the total padding goes on top / left.
    let pad = |i: usize, o: usize, f: usize, s: usize, d: usize| if same { ((o - 1) * s + (f - 1) * d + 1).saturating_sub(i) / 2 } else { 0 };
    let v = [batch, hw.0, hw.1, c, f.0, f.1, n, s.0, s.1, d.0, d.1, pad(hw.0, oh, f.0, s.0, d.0), pad(hw.1, ow, f.1, s.1, d.1), oh, ow];
    v.iter().map(|&x| x as u32).collect()
}

/// (x index, dy index, filter index) of every tap that contributes.
fn taps(i: &ConvInfo) -> Vec<(usize, usize, usize)> {
    let mut t = Vec::new();
    for b in 0..i.batch {
        for oy in 0..i.out_h {
            for ox in 0..i.out_w {
                for fy in 0..i.filter_h {
                    for fx in 0..i.filter_w {
                        if let (Some(iy), Some(ix)) = (i.in_row(oy, fy), i.in_col(ox, fx)) {
                            for c in 0..i.in_c {
                                for o in 0..i.out_c {
                                    t.push((((b * i.in_h + iy) * i.in_w + ix) * i.in_c + c, ((b * i.out_h + oy) * i.out_w + ox) * i.out_c + o, ((fy * i.filter_w + fx) * i.in_c + c) * i.out_c + o));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    t
}

fn data(n: usize, seed: usize) -> Vec<f32> {
    (0..n).map(|i| (((i * 7919 + seed * 104729) % 2003) as f32) / 1001.0 - 1.0).collect()
}

fn close(got: &[f32], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((*g as f64 - w).abs() <= 1e-4 * (1.0 + w.abs()), "{} element {}: got {}, want {}", what, i, g, w);
    }
}

fn cases() -> Vec<Vec<u32>> {
    vec![
        geometry(1, (5, 5), 1, (3, 3), 1, (1, 1), (1, 1), false),
        geometry(2, (7, 6), 3, (3, 3), 5, (1, 1), (1, 1), true),
        geometry(2, (8, 9), 5, (3, 3), 6, (2, 2), (1, 1), true),
        geometry(1, (9, 8), 4, (2, 3), 9, (2, 1), (1, 1), false),
        geometry(3, (6, 6), 2, (1, 1), 7, (1, 1), (1, 1), false),
        geometry(1, (10, 9), 3, (3, 3), 4, (1, 1), (2, 2), true),
        geometry(2, (11, 10), 9, (3, 2), 17, (1, 1), (1, 3), true),
        geometry(2, (12, 12), 16, (3, 3), 33, (1, 1), (1, 1), false),
        geometry(2, (21, 19), 9, (4, 4), 16, (1, 1), (1, 1), true),
        geometry(1, (13, 14), 12, (3, 3), 8, (1, 2), (2, 1), true),
        geometry(2, (10, 11), 8, (3, 3), 3, (1, 1), (2, 1), true),
        geometry(1, (40, 40), 64, (1, 1), 5, (1, 1), (1, 1), false),
        // 3×3 stride 1 with channels in 4s: the Winograd filter gradient (odd and even output sizes).
        geometry(2, (9, 11), 8, (3, 3), 12, (1, 1), (1, 1), true),
        geometry(1, (12, 13), 16, (3, 3), 8, (1, 1), (1, 1), false),
        geometry(3, (7, 8), 12, (3, 3), 20, (1, 1), (1, 1), true),
        geometry(1, (14, 14), 32, (3, 3), 24, (1, 1), (1, 1), false),
        // 3×3 stride 1 with 3 input channels (RGB): the Winograd filter gradient over a zero
        // fourth channel (odd output, 'same' padding in the second) and col2im.
        geometry(2, (9, 10), 3, (3, 3), 8, (1, 1), (1, 1), false),
        geometry(2, (11, 9), 3, (3, 3), 32, (1, 1), (1, 1), true),
        // 3 input channels with 6 outputs (not in 4s): the direct filter gradient.
        geometry(1, (8, 7), 3, (3, 3), 6, (1, 1), (1, 1), false),
    ]
}

#[test]
fn the_cases_cover_every_path() {
    let infos: Vec<ConvInfo> = cases().iter().map(|raw| ConvInfo::read(raw.as_ptr())).collect();
    assert!(infos.iter().filter(|i| crate::conv2d_grad_winograd::applies(i)).count() >= 4);
    assert!(infos.iter().filter(|i| crate::conv2d_grad_input_winograd::applies(i)).count() >= 4);
    assert!(infos.iter().filter(|i| i.stride_h == 1 && i.stride_w == 1 && i.in_c >= 8).count() >= 6);
    assert!(infos.iter().filter(|i| i.stride_h > 1 || i.stride_w > 1).count() >= 3);
}

#[test]
fn backprops_match_the_direct_sums() {
    for (ci, raw) in cases().iter().enumerate() {
        let info = ConvInfo::read(raw.as_ptr());
        let k = info.filter_h * info.filter_w * info.in_c;
        let (x, dz, w) = (data(info.x_len(), ci), data(info.pixels() * info.out_c, ci + 50), data(k * info.out_c, ci + 90));
        let (mut dx_want, mut dw_want) = (vec![0.0f64; x.len()], vec![0.0f64; w.len()]);
        for (xi, di, wi) in taps(&info) {
            dx_want[xi] += dz[di] as f64 * w[wi] as f64;
            dw_want[wi] += x[xi] as f64 * dz[di] as f64;
        }
        let mut dw = vec![f32::NAN; w.len()];
        conv2d_backprop_filter(x.as_ptr(), dz.as_ptr(), dw.as_mut_ptr(), raw.as_ptr());
        close(&dw, &dw_want, &format!("case {} dfilter", ci));
        let mut dx = vec![f32::NAN; x.len()];
        conv2d_backprop_input(dz.as_ptr(), w.as_ptr(), dx.as_mut_ptr(), raw.as_ptr());
        close(&dx, &dx_want, &format!("case {} dx", ci));
    }
}

#[test]
fn fused_backward_applies_the_activation_gradient_first() {
    for (ci, raw) in cases().iter().enumerate() {
        let info = ConvInfo::read(raw.as_ptr());
        let k = info.filter_h * info.filter_w * info.in_c;
        let n = info.out_c;
        let (x, dy, w) = (data(info.x_len(), ci + 3), data(info.pixels() * n, ci + 7), data(k * n, ci + 11));
        // Forward outputs in each activation's range (relu: some exactly 0).
        let y0 = data(info.pixels() * n, ci + 13);
        for act in 0..4u32 {
            let y: Vec<f32> = y0.iter().map(|&v| if act == 1 { v.max(0.0) } else if act == 2 { 0.5 + 0.4 * v } else { 0.9 * v }).collect();
            let dz: Vec<f64> = (0..y.len()).map(|i| {
                let (g, t) = (dy[i] as f64, y[i] as f64);
                match act { 0 => g, 1 => if t > 0.0 { g } else { 0.0 }, 2 => g * t * (1.0 - t), _ => g * (1.0 - t * t) }
            }).collect();
            let (mut dx_want, mut dw_want, mut db_want) = (vec![0.0f64; x.len()], vec![0.0f64; w.len()], vec![0.0f64; n]);
            for (xi, di, wi) in taps(&info) {
                dx_want[xi] += dz[di] * w[wi] as f64;
                dw_want[wi] += x[xi] as f64 * dz[di];
            }
            for (i, v) in dz.iter().enumerate() {
                db_want[i % n] += v;
            }
            let (mut dx, mut dw, mut db) = (vec![f32::NAN; x.len()], vec![f32::NAN; w.len()], vec![f32::NAN; n]);
            let yp = if act == 0 { std::ptr::null() } else { y.as_ptr() };
            conv2d_backward(x.as_ptr(), w.as_ptr(), yp, dy.as_ptr(), act, dx.as_mut_ptr(), dw.as_mut_ptr(), db.as_mut_ptr(), raw.as_ptr());
            close(&dx, &dx_want, &format!("case {} act {} dx", ci, act));
            close(&dw, &dw_want, &format!("case {} act {} dfilter", ci, act));
            close(&db, &db_want, &format!("case {} act {} dbias", ci, act));
            // Without dx and dbias only the filter gradient is written.
            let mut dw2 = vec![f32::NAN; w.len()];
            conv2d_backward(x.as_ptr(), w.as_ptr(), y.as_ptr(), dy.as_ptr(), act, std::ptr::null_mut(), dw2.as_mut_ptr(), std::ptr::null_mut(), raw.as_ptr());
            assert_eq!(dw2, dw, "case {} act {}", ci, act);
        }
    }
}
