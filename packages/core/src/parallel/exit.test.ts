/**
 * Workers never keep a finished program alive: a child process that used a two-worker pool exits
 * on its own, whether it terminated the pool or forgot to (workers hold the process only while a
 * request is pending).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleWorker, type BundledWorker } from './test-support.js';

let bundle: BundledWorker;

beforeAll(async () => {
  bundle = await bundleWorker();
});

afterAll(async () => {
  await bundle?.cleanup();
});

function runChild(mode: 'terminate' | 'forget'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle.childPath, bundle.workerUrl.href, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child did not exit within 60 s: ${stdout} ${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

it('exits after pool.terminate()', async () => {
  const { code, stdout, stderr } = await runChild('terminate');
  expect(stderr).toBe('');
  expect(stdout.trim()).toBe('done workers=true rows=5');
  expect(code).toBe(0);
});

it('exits when the pool was never terminated', async () => {
  const { code, stdout } = await runChild('forget');
  expect(stdout.trim()).toBe('done workers=true rows=5');
  expect(code).toBe(0);
});
