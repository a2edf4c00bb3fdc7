/** `neurite classify <image…>`: cat or dog for each file, with the model shipped in @neurite/image. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { loadImageClassifier, type Classification } from '@neurite/image';
import { encode as encodePng } from 'fast-png';
import { COMMON_OPTIONS, parseCommand } from '../args.js';
import { InputError, UsageError } from '../errors.js';
import { errorJson, ms, percent, table } from '../format.js';
import type { Io } from '../io.js';

type Row = { file: string; label: string; confidence: number; scores: Record<string, number>; ms: number; saliency?: string } | { file: string; error: ReturnType<typeof errorJson> };

/** Reads a file, turning "not there" and "not a file" into messages a user can act on. */
export async function readInputFile(io: Io, file: string): Promise<Uint8Array> {
  try {
    return await readFile(resolve(io.cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not an image file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw Object.assign(new InputError(`cannot read '${file}': ${why}`), { code: code ?? 'EIO' });
  }
}

export async function classifyCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('classify', argv, { ...COMMON_OPTIONS, explain: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('classify needs at least one image file.', 'classify');

  const loadStart = performance.now();
  const classifier = await loadImageClassifier();
  const loadMs = performance.now() - loadStart;
  if (values.explain !== undefined) mkdirSync(resolve(io.cwd, values.explain), { recursive: true });

  const rows: Row[] = [];
  for (const file of positionals) {
    try {
      const bytes = await readInputFile(io, file);
      const start = performance.now();
      const result: Classification = await classifier.classify(bytes, { explain: values.explain !== undefined });
      const row: Row = { file, label: result.label, confidence: result.confidence, scores: result.scores, ms: performance.now() - start };
      if (result.saliency && values.explain !== undefined) {
        const { width, height, data } = result.saliency;
        const out = join(values.explain, `${basename(file).replace(/\.[^.]*$/, '')}.saliency.png`);
        writeFileSync(resolve(io.cwd, out), encodePng({ width, height, data, channels: 4, depth: 8 }));
        row.saliency = out;
      }
      rows.push(row);
    } catch (error) {
      rows.push({ file, error: errorJson(error) });
      io.err(`neurite classify: ${error instanceof InputError ? '' : `${file}: `}${(error as Error).message ?? String(error)}\n`);
    }
  }

  if (values.json) {
    io.out(JSON.stringify(rows, null, 2) + '\n');
  } else {
    const ok = rows.filter((r): r is Extract<Row, { label: string }> => 'label' in r);
    if (ok.length > 0) {
      io.out(table(ok.map((r) => [r.file, r.label, percent(r.confidence), ms(r.ms), ...(r.saliency ? [`saliency → ${r.saliency}`] : [])])));
      io.out(`(model loaded in ${ms(loadMs)})\n`);
    }
  }
  return rows.some((r) => 'error' in r) ? 1 : 0;
}
