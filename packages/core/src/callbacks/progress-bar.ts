/**
 * The verbose-1 logger of fit, in Keras' format:
 *   Epoch 1/5
 *   12/50 [=====>........................] - ETA: 3s - loss: 0.6931 - accuracy: 0.5000
 *   50/50 [==============================] - 2s 40ms/step - loss: 0.5210 - accuracy: 0.7500 - val_loss: …
 * On a terminal the bar is redrawn in place (at most every 50 ms); elsewhere (browser console,
 * logs piped to a file) only the finished line of each epoch is written.
 */
import { Callback, type Logs } from './callback.js';

export interface ProgressBarArgs {
  /** Where text goes; default process.stdout.write in Node, console.log elsewhere. */
  write?: (text: string) => void;
  /** Redraw in place with '\r' (default: stdout is a TTY). */
  interactive?: boolean;
  /** Clock in milliseconds (default performance.now); injectable for tests. */
  now?: () => number;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 50;

interface NodeStdout {
  write(text: string): boolean;
  isTTY?: boolean;
}

function nodeStdout(): NodeStdout | undefined {
  const proc = (globalThis as { process?: { stdout?: NodeStdout } }).process;
  return proc?.stdout && typeof proc.stdout.write === 'function' ? proc.stdout : undefined;
}

/** '3s', '1:05', '1:02:03' like Keras' ETA. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** ' - loss: 0.6931 - accuracy: 0.5000' */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => ` - ${k}: ${Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4)}`)
    .join('');
}

/** '12/50 [=====>........................]' */
export function formatBar(done: number, total: number): string {
  const width = String(total).length;
  const filled = total > 0 ? Math.floor((BAR_WIDTH * done) / total) : BAR_WIDTH;
  const bar = done >= total ? '='.repeat(BAR_WIDTH) : '='.repeat(Math.max(0, filled - 1)) + '>' + '.'.repeat(BAR_WIDTH - Math.max(filled, 1));
  return `${String(done).padStart(width)}/${total} [${bar}]`;
}

export class ProgressBarLogger extends Callback {
  private readonly write: (text: string) => void;
  private readonly interactive: boolean;
  private readonly now: () => number;
  private epochStart = 0;
  private lastDraw = -Infinity;
  private lastLineLength = 0;

  constructor(args: ProgressBarArgs = {}) {
    super();
    const stdout = nodeStdout();
    this.write = args.write ?? (stdout ? (t) => void stdout.write(t) : (t) => console.log(t.replace(/\n$/, '')));
    this.interactive = args.interactive ?? (args.write === undefined && stdout?.isTTY === true);
    this.now = args.now ?? (() => performance.now());
  }

  onEpochBegin(epoch: number): void {
    this.epochStart = this.now();
    this.lastDraw = -Infinity;
    this.lastLineLength = 0;
    this.write(`Epoch ${epoch + 1}/${this.params?.epochs ?? '?'}\n`);
  }

  onBatchEnd(batch: number, logs: Logs): void {
    const steps = this.params?.steps ?? batch + 1;
    const done = batch + 1;
    if (!this.interactive || done >= steps) return; // the finished line is written at epoch end
    const t = this.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    const eta = ((t - this.epochStart) / 1000 / done) * (steps - done);
    this.draw(`${formatBar(done, steps)} - ETA: ${formatDuration(eta)}${formatLogs(logs)}`);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const steps = this.params?.steps ?? 0;
    const elapsed = (this.now() - this.epochStart) / 1000;
    const perStep = steps > 0 ? `${Math.round((elapsed * 1000) / steps)}ms/step` : '';
    this.draw(`${formatBar(steps, steps)} - ${formatDuration(elapsed)} ${perStep}${formatLogs(logs)}`);
    this.write('\n');
  }

  private draw(line: string): void {
    if (this.interactive) {
      // Pad with spaces so a shorter line fully covers the previous one.
      this.write(`\r${line}${' '.repeat(Math.max(0, this.lastLineLength - line.length))}`);
      this.lastLineLength = line.length;
    } else {
      this.write(line);
    }
  }
}

export function progressBarLogger(args: ProgressBarArgs = {}): ProgressBarLogger {
  return new ProgressBarLogger(args);
}
