/** `neurite demo`: 2 cat and 2 dog photos and 4 sentences through the shipped models, with timings. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { loadImageClassifier } from '@neurite/image';
import { loadSentimentAnalyzer } from '@neurite/text';
import { COMMON_OPTIONS, parseCommand } from '../args.js';
import { UsageError } from '../errors.js';
import { candidateDataDirs, findLabelledFolder, firstImages } from '../data-dir.js';
import { excerpt, ms, percent, table } from '../format.js';
import type { Io } from '../io.js';

export const DEMO_SENTENCES = [
  'The crew was friendly and the flight landed early, wonderful service!',
  'Two hours late, lost my bag and nobody at the desk would help. Awful.',
  'The flight to Denver leaves at 7 am from gate 12.',
  'I did not expect much, but this movie was a delight from start to finish.',
];

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand('demo', argv, COMMON_OPTIONS);
  if (positionals.length > 0) throw new UsageError(`demo takes no arguments, got '${positionals[0]}'.`, 'demo');
  const say = values.json ? () => {} : io.out;

  // Images: 2 cats then 2 dogs, when the photos are on this machine.
  const folder = findLabelledFolder(io.env, io.cwd);
  const images: { file: string; truth: string; label: string; confidence: number; ms: number }[] = [];
  let imageLoadMs = 0;
  if (folder) {
    say(`Images from ${folder}\n`);
    const t0 = performance.now();
    const classifier = await loadImageClassifier();
    imageLoadMs = performance.now() - t0;
    for (const truth of ['cat', 'dog']) {
      for (const file of firstImages(folder, truth, 2)) {
        const start = performance.now();
        const r = await classifier.classify(readFileSync(file));
        images.push({ file, truth, label: r.label, confidence: r.confidence, ms: performance.now() - start });
      }
    }
    say(table([['image', 'truth', 'label', 'confidence', 'time'], ...images.map((r) => [relative(folder, r.file), r.truth, r.label, percent(r.confidence), ms(r.ms)])]));
    say(`(image model loaded in ${ms(imageLoadMs)}; ${images.filter((r) => r.label === r.truth).length}/${images.length} correct)\n\n`);
  } else {
    const looked = candidateDataDirs(io.env, io.cwd).join(', ');
    say(`No cat/dog photos found (looked in ${looked}).\nTo classify images, set NEURITE_DATA to a folder with cat/ and dog/ subfolders of JPEGs — e.g. the\nKaggle "Dogs vs. Cats" images — or run 'neurite classify <your photos>'.\n\n`);
  }

  const t1 = performance.now();
  const analyzer = await loadSentimentAnalyzer();
  const textLoadMs = performance.now() - t1;
  const sentences = DEMO_SENTENCES.map((text) => {
    const start = performance.now();
    const r = analyzer.analyze(text);
    return { text, label: r.label, confidence: r.confidence, scores: r.scores, ms: performance.now() - start };
  });
  say('Sentences\n');
  say(table([['label', 'confidence', 'time', 'text'], ...sentences.map((r) => [r.label, percent(r.confidence), ms(r.ms), excerpt(r.text, 60)])]));
  say(`(text model loaded in ${ms(textLoadMs)})\n`);

  if (values.json) io.out(JSON.stringify({ dataFolder: folder, imageModelLoadMs: imageLoadMs, images, textModelLoadMs: textLoadMs, sentences }, null, 2) + '\n');
  return 0;
}
