// The peers that run in their own process (ONNX Runtime, PyTorch): how to start each, and the
// one-line JSON protocol they answer with:
//   NEURITE_PEER {"version", "threads", "rows": {<case id>: {"ms"} | {"error"}}, "check": {...}}
//   NEURITE_PEER {"skipped": "<why>"}   when the peer cannot run here (missing install).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findTorchPython } from './python.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const MARK = 'NEURITE_PEER ';

export function printPeerResult(result) {
  console.log(MARK + JSON.stringify(result));
}

const ortPeer = (runtime, threads) => async () => ({ cmd: process.execPath, args: [here('./ort-peer.mjs'), '--runtime', runtime, '--threads', String(threads)] });

/** Neurite in a process of its own (train-rounds.bench.mjs): one case per run, see neurite-peer.mjs. */
export const neuritePeer = { key: 'neurite', label: 'Neurite', start: async () => ({ cmd: process.execPath, args: [here('./neurite-peer.mjs')] }) };

/** Column key → label and how to start it (or why it cannot start). */
export const childPeers = [
  { key: 'ortWeb1', label: 'onnxruntime-web (1 thread)', start: ortPeer('web', 1) },
  { key: 'ortWeb2', label: 'onnxruntime-web (2 threads)', start: ortPeer('web', 2) },
  { key: 'ortNode', label: 'onnxruntime-node (1 thread)', start: ortPeer('node', 1) },
  {
    key: 'torch',
    label: 'PyTorch (1 thread)',
    start: async () => {
      const python = await findTorchPython();
      if (!python.ok) return { skipped: python.reason };
      return { cmd: python.path, args: [here('./pytorch-peer.py'), '--threads', '1'] };
    },
  },
];

/**
 * Runs one child peer (with `args` added to its command line); resolves to its result object,
 * `{ skipped }` or `{ failed }` (never throws).
 */
export async function runChildPeer(peer, { quick = false, args = [], timeoutMs = 30 * 60_000 } = {}) {
  const how = await peer.start();
  if (how.skipped) return how;
  return new Promise((resolve) => {
    const child = spawn(how.cmd, [...how.args, ...args, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const fail = (why) => resolve({ failed: why.trim().split('\n').filter(Boolean).pop()?.slice(0, 120) ?? 'no output' });
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(String(e.message));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) return fail(`exit ${code}: ${stderr || stdout}`);
      resolve(JSON.parse(line.slice(MARK.length)));
    });
  });
}
