/** A small live line chart: loss (left axis, auto-scaled) and accuracy (right axis, 0–1) per batch. */

export interface Series {
  name: string;
  colour: string;
  values: number[];
  /** 'loss' scales to the largest loss seen; 'unit' is fixed to [0, 1]. */
  axis: 'loss' | 'unit';
  dashed?: boolean;
}

export function drawPlot(canvas: HTMLCanvasElement, series: Series[], totalPoints: number, epochMarks: number[]): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const pad = { left: 44, right: 44, top: 30, bottom: 22 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);

  const maxLoss = Math.max(0.1, ...series.filter((s) => s.axis === 'loss').flatMap((s) => s.values));
  const x = (i: number) => pad.left + (w * i) / Math.max(1, totalPoints - 1);
  const y = (v: number, axis: Series['axis']) => pad.top + h * (1 - v / (axis === 'loss' ? maxLoss : 1));

  ctx.strokeStyle = '#dde1e8';
  ctx.fillStyle = '#5b6476';
  ctx.font = '11px system-ui, sans-serif';
  for (let k = 0; k <= 4; k++) {
    const gy = pad.top + (h * k) / 4;
    ctx.beginPath();
    ctx.moveTo(pad.left, gy);
    ctx.lineTo(pad.left + w, gy);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText((maxLoss * (1 - k / 4)).toFixed(2), pad.left - 6, gy + 4);
    ctx.textAlign = 'left';
    ctx.fillText((1 - k / 4).toFixed(2), pad.left + w + 6, gy + 4);
  }
  ctx.textAlign = 'center';
  epochMarks.forEach((at, e) => {
    ctx.strokeStyle = '#c4cad6';
    ctx.beginPath();
    ctx.moveTo(x(at), pad.top);
    ctx.lineTo(x(at), pad.top + h);
    ctx.stroke();
    ctx.fillText(`epoch ${e + 1}`, x(at), height - 6);
  });

  for (const s of series) {
    if (s.values.length === 0) continue;
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.beginPath();
    s.values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v, s.axis)) : ctx.lineTo(x(i), y(v, s.axis))));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.lineWidth = 1;
  }
  // Legend.
  ctx.textAlign = 'left';
  series.forEach((s, i) => {
    ctx.fillStyle = s.colour;
    ctx.fillRect(pad.left + 8 + i * 150, 9, 12, 3);
    ctx.fillStyle = '#39404d';
    ctx.fillText(s.name, pad.left + 24 + i * 150, 14);
  });
}
