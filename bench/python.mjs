// Finding a Python that has PyTorch ($NEURITE_PYTHON, else python3 on PATH, else Debian's
// /usr/bin/python3, where apt's python3-torch installs) and running scripts with it.
import { spawn } from 'node:child_process';

/** Runs a command and collects its output; never throws (a missing binary gives code null). */
export function runPython(python, args, { env = {}, timeoutMs = 30 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(python, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: stderr + String(e.message) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let found;

/** `{ ok: true, path, version }` for the first Python that imports torch, else `{ ok: false, reason }`. */
export function findTorchPython() {
  found ??= (async () => {
    const candidates = [process.env.NEURITE_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
    for (const path of candidates) {
      const r = await runPython(path, ['-c', 'import torch; print(torch.__version__)'], { timeoutMs: 60_000 });
      if (r.code === 0) return { ok: true, path, version: r.stdout.trim() };
    }
    return { ok: false, reason: `no PyTorch (tried ${candidates.join(', ')}; apt-get install python3-torch)` };
  })();
  return found;
}
