# Fits tanh x ≈ x·P(x²)/Q(x²) on [0, L] (P degree dp, Q degree dq in x², Q(0) = 1) for minimal
# max relative error (Lawson's iteratively reweighted least squares on the linearised error),
# then checks the float32 evaluation (Horner, separate multiply and add) against float64 tanh.
# src/lstm_math.rs's TANH_P / TANH_Q are its output for the defaults:
#   python3 scripts/fit-tanh.py 9 6 3   (needs numpy)
import numpy as np, sys
L = float(sys.argv[1]) if len(sys.argv) > 1 else 9.0
dp = int(sys.argv[2]) if len(sys.argv) > 2 else 6
dq = int(sys.argv[3]) if len(sys.argv) > 3 else 3
x = np.concatenate([np.linspace(1e-4, 1, 4000), np.linspace(1, L, 12000)])
t = np.tanh(x); s = x * x; u = s / (L * L)
A = np.hstack([np.stack([x * u**k for k in range(dp + 1)], 1), -np.stack([t * u**k for k in range(1, dq + 1)], 1)])
w = np.ones_like(x) / len(x); qprev = np.ones_like(x)
for it in range(400):
    sw = np.sqrt(w) / (t * qprev)
    c, *_ = np.linalg.lstsq(A * sw[:, None], t * sw, rcond=None)
    p = c[:dp + 1]; q = np.concatenate([[1.0], c[dp + 1:]])
    P = sum(p[k] * u**k for k in range(dp + 1)); Q = sum(q[k] * u**k for k in range(dq + 1))
    err = np.abs(x * P / Q - t) / t
    qprev = Q
    w = w * err; w /= w.sum()
print('fit max rel err %.3g' % err.max())
# back to powers of s = x²
pc = [p[k] / (L * L)**k for k in range(dp + 1)]; qc = [q[k] / (L * L)**k for k in range(dq + 1)]
pc32 = np.array(pc, dtype=np.float32); qc32 = np.array(qc, dtype=np.float32)
def ev(xv):
    xv = np.float32(xv)
    xc = np.minimum(np.maximum(xv, np.float32(-L)), np.float32(L)).astype(np.float32)
    ss = (xc * xc).astype(np.float32)
    P = np.full_like(ss, pc32[-1])
    for c_ in pc32[-2::-1]: P = (P * ss).astype(np.float32) + c_
    Q = np.full_like(ss, qc32[-1])
    for c_ in qc32[-2::-1]: Q = (Q * ss).astype(np.float32) + c_
    return ((xc * P).astype(np.float32) / Q).astype(np.float32)
xs = np.concatenate([np.float32(np.linspace(-12, 12, 2_000_001)), np.float32(np.logspace(-30, 0, 100001)), -np.float32(np.logspace(-30, 0, 100001))]).astype(np.float32)
got = ev(xs).astype(np.float64); want = np.tanh(xs.astype(np.float64))
ab = np.abs(got - want); rel = ab / np.maximum(np.abs(want), 1e-300)
print('f32 eval: max abs %.3g, max rel %.3g (where |t|>0), max value %.9g, tanh(0)=%r' % (ab.max(), rel[want != 0].max(), got.max(), ev(np.float32([0.0]))[0]))
print('P (highest first):', ', '.join('%.9g' % v for v in pc32[::-1]))
print('Q (highest first):', ', '.join('%.9g' % v for v in qc32[::-1]))
i = np.argmax(ab); print('worst abs at x=%.6g got %.9g want %.9g' % (xs[i], got[i], want[i]))
