/**
 * sin and cos from a fixed Taylor polynomial after reducing to [−π, π]. Math.sin/cos may differ in
 * the last bit between JavaScript engines; these use only + − × ÷ and so give identical results
 * everywhere (error < 1e-15 on the reduced range), which keeps seeded augmentation reproducible.
 */
export function portableSinCos(angle: number): { sin: number; cos: number } {
  const twoPi = 2 * Math.PI;
  let x = angle - twoPi * Math.round(angle / twoPi);
  // Halve twice to keep the series short and accurate, then use double-angle formulas.
  x /= 4;
  const x2 = x * x;
  let s = 0;
  let c = 0;
  let termS = x;
  let termC = 1;
  for (let k = 1; k <= 12; k++) {
    s += termS;
    c += termC;
    termS *= -x2 / ((2 * k) * (2 * k + 1));
    termC *= -x2 / ((2 * k - 1) * (2 * k));
  }
  for (let i = 0; i < 2; i++) {
    const s2 = 2 * s * c;
    c = c * c - s * s;
    s = s2;
  }
  return { sin: s, cos: c };
}
