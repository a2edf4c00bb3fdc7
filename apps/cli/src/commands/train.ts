/**
 * `neurite train image|text`: runs the training script of @neurite/image or @neurite/text in a
 * child process (the packages export no training function, only scripts/train.ts). Its output
 * goes straight to this terminal, so fit's progress bar (epoch, batch, loss, accuracy, ETA) is
 * redrawn in place; with --json it goes to stderr and stdout gets one summary line.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_OPTIONS, intOption, parseCommand } from '../args.js';
import { InputError, UsageError } from '../errors.js';
import type { Io } from '../io.js';

const KINDS = { image: '@neurite/image', text: '@neurite/text' } as const;
type Kind = keyof typeof KINDS;

/** <package>/scripts/train.ts next to the package's dist/, as in the source repository. */
function locateScript(kind: Kind): { packageDir: string; script: string; tsxCli: string } {
  const entry = fileURLToPath(import.meta.resolve(KINDS[kind]));
  const packageDir = resolve(dirname(entry), '..');
  const script = join(packageDir, 'scripts', 'train.ts');
  if (!existsSync(script)) {
    throw new InputError(`${KINDS[kind]} has no scripts/train.ts at ${packageDir}: the training scripts ship with the Neurite source repository, not with the npm package. Run 'neurite train' from a checkout.`);
  }
  let tsxCli: string;
  try {
    tsxCli = createRequire(join(packageDir, 'package.json')).resolve('tsx/cli');
  } catch {
    throw new InputError(`cannot find tsx (a devDependency of ${KINDS[kind]}) to run ${script}; run 'pnpm install' in the repository first.`);
  }
  return { packageDir, script, tsxCli };
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

const SENTIMENT_SETS = ['airline', 'tweet_sentiment_extraction', 'rt_polarity_binary'];

/** The image script reads <data>/train/{cat,dog} and <data>/val/{cat,dog}: check before a long start-up. */
function checkImageData(dir: string): void {
  if (!isDir(dir)) throw new InputError(`--data '${dir}' is not a directory.`);
  for (const split of ['train', 'val']) {
    for (const label of ['cat', 'dog']) {
      const sub = join(dir, split, label);
      if (!isDir(sub)) throw new InputError(`--data '${dir}' needs ${split}/${label}/ with JPEG or PNG images (missing ${sub}).`);
      if (!readdirSync(sub).some((f) => /\.(jpe?g|png)$/i.test(f))) throw new InputError(`${sub} has no .jpg/.jpeg/.png images.`);
    }
  }
}

/** The text script reads <data>/<set>/{train,val}.jsonl for its three sets (test.jsonl too with --arch tutorial). */
function checkTextData(dir: string): void {
  if (!isDir(dir)) throw new InputError(`--data '${dir}' is not a directory.`);
  for (const set of SENTIMENT_SETS) {
    for (const split of ['train', 'val']) {
      const file = join(dir, set, `${split}.jsonl`);
      if (!existsSync(file)) throw new InputError(`--data '${dir}' needs ${set}/${split}.jsonl with {text, label} lines (missing ${file}).`);
    }
  }
}

export async function trainCommand(argv: string[], io: Io): Promise<number> {
  const dashes = argv.indexOf('--');
  const own = dashes === -1 ? argv : argv.slice(0, dashes);
  const passThrough = dashes === -1 ? [] : argv.slice(dashes + 1);
  const { values, positionals } = parseCommand('train', own, { ...COMMON_OPTIONS, data: { type: 'string' }, epochs: { type: 'string' }, out: { type: 'string' } });
  const kind = positionals[0];
  if (kind === undefined) throw new UsageError("train needs what to train: 'image' or 'text'.", 'train');
  if (!(kind in KINDS)) throw new UsageError(`cannot train '${kind}': choose 'image' or 'text'.`, 'train');
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'; pass script options after '--'.`, 'train');
  const epochs = intOption('train', 'epochs', values.epochs, 1);

  const args: string[] = [];
  if (values.data !== undefined) {
    const data = resolve(io.cwd, values.data);
    if (kind === 'image') checkImageData(data);
    else checkTextData(data);
    args.push('--data', data);
  }
  if (epochs !== undefined) args.push('--epochs', String(epochs));
  if (values.out !== undefined) args.push('--out', resolve(io.cwd, values.out));
  args.push(...passThrough);

  const { packageDir, script, tsxCli } = locateScript(kind as Kind);
  const started = performance.now();
  if (!values.json) io.err(`neurite train ${kind}: running ${script} ${args.join(' ')}\n`);
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, [tsxCli, script, ...args], {
      cwd: packageDir,
      env: io.env,
      // With --json, the script's text goes to stderr so stdout stays one JSON line.
      stdio: ['ignore', values.json ? process.stderr : 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (exitCode, signal) => done(exitCode ?? (signal ? 128 + 2 : 1)));
  });
  const ms = Math.round(performance.now() - started);
  if (values.json) io.out(JSON.stringify({ command: `train ${kind}`, script, args, exitCode: code, ms }) + '\n');
  if (code !== 0) {
    io.err(`neurite train ${kind}: the training script exited with code ${code}.\n`);
    return 1;
  }
  return 0;
}
