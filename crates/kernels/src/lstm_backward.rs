//! Backpropagation through time for `lstm_forward` (Keras gate order i, f, g, o).
//!
//! The sweep runs from the last step to the first. At step t the gradient reaching h_t through
//! step t+1 is dz_{t+1}·Uᵀ, one product for the whole batch (two rows × 16 units at a time in
//! registers, Uᵀ packed once into 16-unit panels); a pass over every (batch row, unit block) then
//! runs the cell backward, writing the pre-activation gradients dz_t (interleaved gate order) and
//! carrying dc. After the sweep the weight gradients are whole-sequence products over dz:
//! dx = dz·Wᵀ, dW = xᵀ·dz, dU = Σ_t h_{t-1}ᵀ·dz_t, db = Σ dz.

use crate::lstm::{load_lanes, store4};
use crate::lstm_gemm::{gate_column, pack_gate_rows_transposed, rows_times_panels, tile1, tile2, transposed_times_rows, unit_blocks, Run, NR};
use crate::lstm_math::{tanh_n, V};
use crate::memory::{slice, slice_mut};
use crate::simd::add_assign;

#[no_mangle]
pub extern "C" fn lstm_backward(
    x: *const f32, kernel: *const f32, recurrent_kernel: *const f32,
    h: *const f32, c: *const f32, gates: *const f32, dh: *const f32,
    dx: *mut f32, dkernel: *mut f32, drecurrent_kernel: *mut f32, dbias: *mut f32,
    batch: usize, steps: usize, in_dim: usize, units: usize,
) {
    let (u, g4, seq) = (units, 4 * units, batch * steps);
    let (nb, gw) = (unit_blocks(u), NR * unit_blocks(u));
    let ldz = padded_stride(gw);
    let (w, r) = (slice(kernel, in_dim * g4), slice(recurrent_kernel, u * g4));
    // Every element of dz is written before it is read (the sweep writes all gw columns of each
    // row, the padding is zeroed after it), so it starts uninitialised: a 6.5 MB memset saved.
    let mut dz: Vec<f32> = Vec::with_capacity(seq * ldz);
    let sweep = Sweep { c, gates, dh, steps, u, u4: 4 * nb, ldz };
    // Uᵀ in the interleaved gate order: row p, column (unit) j is U[j, gate column of p].
    let ut = pack_gate_rows_transposed(r, u, u);
    let panels = (u + NR - 1) / NR;
    let u16 = panels * NR;
    // dh_rec[b, :]: the gradient reaching h_t through step t+1 (zero at the last step).
    let mut dh_rec = vec![0.0f32; batch * u16];
    let mut dc_next = vec![0.0f32; batch * 4 * nb];
    let dzp = dz.as_mut_ptr();
    let dz_row = |b: usize, t: usize| unsafe { dzp.add((b * steps + t) * ldz) as *const f32 };
    for t in (0..steps).rev() {
        if t + 1 < steps {
            for s in 0..panels {
                unsafe {
                    let panel = ut.as_ptr().add(s * gw * NR);
                    let rec = dh_rec.as_mut_ptr();
                    let out = |b: usize| rec.add(b * u16 + s * NR);
                    let mut b = 0;
                    while b < batch {
                        let mut acc = [[V::splat(0.0); 4]; 2];
                        if b + 2 <= batch {
                            tile2(&mut acc, dz_row(b, t + 1), dz_row(b + 1, t + 1), gw, panel);
                            store4(acc[1], out(b + 1));
                        } else {
                            tile1(&mut acc[0], dz_row(b, t + 1), gw, panel);
                        }
                        store4(acc[0], out(b));
                        b += 2;
                    }
                }
            }
        }
        // The cell backward of every (batch row, unit block), two at a time (see `exp_n`).
        unsafe {
            for b in 0..batch {
                let mut q = 0;
                while q + 2 <= nb {
                    sweep.cells(&dh_rec, u16, [(b, q), (b, q + 1)], t, dzp, dc_next.as_mut_ptr());
                    q += 2;
                }
                if q < nb {
                    sweep.cells(&dh_rec, u16, [(b, q)], t, dzp, dc_next.as_mut_ptr());
                }
            }
        }
    }
    for row in 0..seq {
        for j in gw..ldz {
            // Safety: within the capacity of dz.
            unsafe { dzp.add(row * ldz + j).write(0.0) };
        }
    }
    // Safety: all seq·ldz elements are initialised now.
    unsafe { dz.set_len(seq * ldz) };
    let grads = Grads { dx: slice_mut(dx, seq * in_dim), dkernel: slice_mut(dkernel, in_dim * g4), drecurrent_kernel: slice_mut(drecurrent_kernel, u * g4), dbias: slice_mut(dbias, g4) };
    weight_grads(x, w, h, &dz, ldz, batch, steps, in_dim, u, grads);
}

/// Row stride of dz: its gw floats plus one cache line when gw spans an even number of lines. The
/// weight-gradient products read dz down its columns; with an odd number of 64-byte lines per row
/// consecutive rows fall into different L1 sets (a 1 KiB stride would use 4 of the 64).
fn padded_stride(gw: usize) -> usize {
    if (gw / NR) % 2 == 0 {
        gw + NR
    } else {
        gw
    }
}

/// Rows of x per run of the dW product.
const RUN: usize = 64;

struct Grads<'a> {
    dx: &'a mut [f32],
    dkernel: &'a mut [f32],
    drecurrent_kernel: &'a mut [f32],
    dbias: &'a mut [f32],
}

/// dx = dz·Wᵀ, dW = xᵀ·dz, dU = Σ_b h[b, 0..steps-1]ᵀ·dz[b, 1..steps], db = Σ dz; the products
/// are formed in the interleaved gate order of dz and scattered back to Keras' column order.
#[allow(clippy::too_many_arguments)]
fn weight_grads(x: *const f32, w: &[f32], h: *const f32, dz: &[f32], ldz: usize, batch: usize, steps: usize, in_dim: usize, u: usize, out: Grads) {
    let (g4, seq, gw) = (4 * u, batch * steps, NR * unit_blocks(u));
    let mut sums = vec![0.0f32; gw];
    for row in dz.chunks_exact(ldz) {
        add_assign(&mut sums, &row[..gw]);
    }
    let wt = pack_gate_rows_transposed(w, in_dim, u);
    let mut dw = vec![0.0f32; in_dim * gw];
    let mut du = vec![0.0f32; u * gw];
    // dW: one run per block of rows of x and dz; dU: one run per batch row (h_{t-1} with dz_t).
    let x_runs: Vec<Run> = (0..seq).step_by(RUN).map(|r| unsafe { Run { a: x.add(r * in_dim), b: dz.as_ptr().add(r * ldz), k: RUN.min(seq - r) } }).collect();
    let h_runs: Vec<Run> = (0..batch).filter(|_| steps > 1).map(|b| unsafe { Run { a: h.add(b * steps * u), b: dz.as_ptr().add((b * steps + 1) * ldz), k: steps - 1 } }).collect();
    unsafe {
        rows_times_panels(seq, dz.as_ptr(), ldz, gw, &wt, in_dim, out.dx.as_mut_ptr(), in_dim);
        transposed_times_rows(in_dim, gw, &x_runs, in_dim, ldz, dw.as_mut_ptr(), gw);
        transposed_times_rows(u, gw, &h_runs, u, ldz, du.as_mut_ptr(), gw);
    }
    for p in 0..gw {
        if let Some(gc) = gate_column(p, u) {
            out.dbias[gc] = sums[p];
            for i in 0..in_dim {
                out.dkernel[i * g4 + gc] = dw[i * gw + p];
            }
            for j in 0..u {
                out.drecurrent_kernel[j * g4 + gc] = du[j * gw + p];
            }
        }
    }
}

/// The step-local inputs of the cell backward.
struct Sweep {
    c: *const f32,
    gates: *const f32,
    dh: *const f32,
    steps: usize,
    u: usize,
    u4: usize,
    ldz: usize,
}

impl Sweep {
    /// Cell backward of C cells (batch row b, units 4q..4q+3) at step t, given the gradient
    /// dh_rec reaching h_t through step t+1: writes dz_t and replaces dc_next (dL/dc_t through
    /// step t+1) by dL/dc_{t-1}.
    #[inline(always)]
    unsafe fn cells<const C: usize>(&self, dh_rec: &[f32], u16: usize, cells: [(usize, usize); C], t: usize, dz: *mut f32, dc_next: *mut f32) {
        let u = self.u;
        let mut c = [V::splat(0.0); C];
        for (k, &(b, q)) in cells.iter().enumerate() {
            c[k] = load_lanes(self.c.add((b * self.steps + t) * u + 4 * q), (u - 4 * q).min(4));
        }
        let tc = tanh_n(c);
        let one = V::splat(1.0);
        for (k, &(b, q)) in cells.iter().enumerate() {
            let n = (u - 4 * q).min(4);
            let row = b * self.steps + t;
            let (so, go) = (row * u + 4 * q, row * 4 * u + 4 * q);
            let dhv = load_lanes(self.dh.add(so), n).add(V::load(dh_rec.as_ptr().add(b * u16 + 4 * q)));
            let g = self.gates.add(go);
            let (i, f, gg, o) = (load_lanes(g, n), load_lanes(g.add(u), n), load_lanes(g.add(2 * u), n), load_lanes(g.add(3 * u), n));
            let c_prev = if t > 0 { load_lanes(self.c.add(so - u), n) } else { V::splat(0.0) };
            let dcp = dc_next.add(b * self.u4 + 4 * q);
            let tc = tc[k];
            let dc = V::load(dcp).add(dhv.mul(o).mul(one.sub(tc.mul(tc))));
            let d = dz.add(row * self.ldz + NR * q);
            dc.mul(gg).mul(i.mul(one.sub(i))).store(d);
            dc.mul(c_prev).mul(f.mul(one.sub(f))).store(d.add(4));
            dc.mul(i).mul(one.sub(gg.mul(gg))).store(d.add(8));
            dhv.mul(tc).mul(o.mul(one.sub(o))).store(d.add(12));
            dc.mul(f).store(dcp);
        }
    }
}
