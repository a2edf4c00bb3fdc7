// Where the ONNX exports of the seed models live, and making them with export-onnx.py when they are
// missing and a Python with PyTorch is at hand. Default: bench/.cache/onnx/<hash of the two Python
// files> (gitignored), so editing the models or the exporter makes a fresh export.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findTorchPython, runPython } from './python.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const sources = createHash('sha256');
for (const file of ['./seed_models.py', './export-onnx.py']) sources.update(readFileSync(here(file)));

export const onnxDir = process.env.NEURITE_ONNX_DIR ?? here(`./.cache/onnx/${sources.digest('hex').slice(0, 12)}`);
export const onnxPath = (model) => `${onnxDir.replace(/\/$/, '')}/seed-${model}.onnx`;

/** `{ ok: true }` once both files exist, else `{ ok: false, reason }` saying what is missing. */
export async function ensureOnnxModels() {
  if (existsSync(onnxPath('cnn')) && existsSync(onnxPath('lstm'))) return { ok: true };
  const python = await findTorchPython();
  if (!python.ok) return { ok: false, reason: `no ONNX models in ${onnxDir} and ${python.reason} to export them` };
  const script = here('./export-onnx.py');
  const result = await runPython(python.path, [script, '--out', onnxDir]);
  if (result.code !== 0) return { ok: false, reason: `export-onnx.py failed: ${result.stderr.trim().split('\n').pop()}` };
  console.log(`exported the ONNX models with ${python.path}: ${result.stdout.trim()}`);
  return { ok: true };
}
