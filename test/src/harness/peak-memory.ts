/**
 * Peak memory of a probe, per runtime, as far as the runtime lets us see it (measured, never
 * asserted; see cold-start.ts for the table):
 * - Node and Deno: the probe process reports its own peak RSS (getrusage maxRSS) at exit
 *   (peak-rss-preload.mjs);
 * - workerd: the peak RSS (VmHWM) of the workerd process miniflare started, read from /proc
 *   before it is disposed (it also holds miniflare's own small helper workers);
 * - Chromium: the peak RSS (VmHWM) of the probe page's renderer process;
 * - Vercel Edge: not measured — the edge-runtime VM lives inside the test's own Node process.
 * The /proc readings need Linux; elsewhere they are undefined and the table shows '—'.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PeakMemory {
  bytes: number;
  /** How it was read, e.g. 'maxRSS', 'VmHWM' (shown under the table). */
  how: string;
}

/** Preload for `node --import` / `deno run --preload`: prints NEURITE_PEAK_RSS at exit. */
export const peakRssPreload = fileURLToPath(new URL('./peak-rss-preload.mjs', import.meta.url));

export function peakRssFromOutput(stdout: string): PeakMemory | undefined {
  const match = /^NEURITE_PEAK_RSS (\d+) (\S+)$/m.exec(stdout);
  return match ? { bytes: Number(match[1]), how: match[2]! } : undefined;
}

interface Proc {
  pid: number;
  ppid: number;
  /** Clock ticks after boot at which the process started. */
  started: number;
  comm: string;
  cmdline: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid … starttime(22nd field)"; comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, ppid: Number(fields[1]), started: Number(fields[19]), comm: stat.slice(stat.indexOf('(') + 1, close), cmdline };
  } catch {
    return undefined; // exited meanwhile, or no /proc
  }
}

/** Every live process below `root` (children, grandchildren, …). */
export function descendants(root: number = process.pid): Proc[] {
  if (!existsSync('/proc/self/stat')) return [];
  const all = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map((n) => readProc(Number(n))).filter((p): p is Proc => p !== undefined);
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid));
}

/** The kernel's high-water mark of a live process's resident set (VmHWM), in bytes. */
export function vmHwm(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The newest workerd process started below this one (miniflare starts one per instance). */
export function workerdPeak(): PeakMemory | undefined {
  const workerd = descendants().filter((p) => p.comm === 'workerd').sort((a, b) => b.started - a.started)[0];
  const bytes = workerd && vmHwm(workerd.pid);
  return bytes ? { bytes, how: 'VmHWM' } : undefined;
}

/** VmHWM of each Chromium renderer process below this one, by pid. */
export function rendererPeaks(): Map<number, number> {
  const peaks = new Map<number, number>();
  for (const p of descendants()) {
    const bytes = p.cmdline.includes('--type=renderer') ? vmHwm(p.pid) : undefined;
    if (bytes !== undefined) peaks.set(p.pid, bytes);
  }
  return peaks;
}

/**
 * The VmHWM of the renderer that grew most since `before` (taken just before the navigation): the
 * probe page's. Chromium also keeps other renderers around (the new tab's about:blank, a spare),
 * so "the newest" or "the largest" would sometimes pick the wrong process.
 */
export function pageRendererPeak(before: Map<number, number>): PeakMemory | undefined {
  let best: { growth: number; bytes: number } | undefined;
  for (const [pid, bytes] of rendererPeaks()) {
    const growth = bytes - (before.get(pid) ?? 0);
    if (!best || growth > best.growth) best = { growth, bytes };
  }
  return best ? { bytes: best.bytes, how: 'VmHWM' } : undefined;
}
