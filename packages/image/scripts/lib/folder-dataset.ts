/** A labelled image folder laid out as `<root>/<label>/*.{jpg,jpeg,png}`, listed in a stable order. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface LabelledFile {
  path: string;
  /** Index into `labels`. */
  label: number;
}

export interface FolderDataset {
  labels: string[];
  files: LabelledFile[];
}

const IMAGE = /\.(jpe?g|png)$/i;

/** Lists `<root>/<label>/*` with the labels given (or every sub-folder, sorted). Sorted by file name. */
export function listFolder(root: string, labels?: readonly string[]): FolderDataset {
  const names = labels ? [...labels] : readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();
  if (names.length === 0) throw new Error(`${root} has no label folders; expected <label>/*.jpg.`);
  const files: LabelledFile[] = [];
  names.forEach((name, label) => {
    const dir = join(root, name);
    const entries = readdirSync(dir).filter((f) => IMAGE.test(f)).sort();
    for (const f of entries) files.push({ path: join(dir, f), label });
  });
  return { labels: names, files };
}
