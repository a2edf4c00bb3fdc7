// Test support (not exported from the package): seeded generator of hostile
// text for the Keras differential test.

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'the', 'The', 'THE', 'a', 'good', 'Good', 'bad', 'movie', 'flight', "don't", "DON'T", "it's", "'quoted'",
  'rock’n’roll', 'naïve', 'NAÏVE', 'café', 'Straße', 'STRASSE', 'İstanbul', 'ıi', 'ǅemal', 'ΟΔΟΣ', 'ΑΣ',
  'σοφός', 'Σ', 'Привет', 'мир', '日本語', 'テキスト', '中文', '한국어', 'مرحبا', 'שלום', 'e\u0301', 'a\u0308\u0301',
  '😀', '😀😀', '❤️', '👍🏽', '👨‍👩‍👧', '🇫🇷', '10', '2', '1', '007', '3.14', '__proto__', 'constructor',
  'hasOwnProperty', 'toString', '<OOV>', 'oov', '\uA7CB', '\u{10D50}', 'x\u200by', 'ﬁ', 'Ⅻ', '\u0130\u0130',
];
const PUNCT = [...'!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~', '...', '!!!', '?!', '--', "''", '’', '“', '”', '«', '»', '…'];
const SPACES = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u3000', '\u2028', '\f', '\v', ''];
const ODD = ['\ud800', '\udfff', '\ud83d', '\ude00', '\u0000', '\u007f', '\ufeff', '\ufffd', '\u{10ffff}'];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

/** One adversarial text: words, punctuation runs, odd whitespace, lone surrogates. */
export function adversarialText(rnd: () => number): string {
  const r = rnd();
  if (r < 0.04) return '';
  if (r < 0.08) return pick(rnd, SPACES) + pick(rnd, PUNCT);
  const n = 1 + Math.floor(rnd() * 18);
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = rnd();
    if (k < 0.6) s += pick(rnd, WORDS);
    else if (k < 0.8) s += pick(rnd, PUNCT);
    else if (k < 0.9) s += pick(rnd, ODD);
    else s += String.fromCodePoint(0x20 + Math.floor(rnd() * 0x2fe0)); // random BMP char
    s += pick(rnd, SPACES);
  }
  return s;
}

export function adversarialTexts(seed: number, n: number): string[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => adversarialText(rnd));
}

/** Random index sequences (including 0, unknown and huge indices). */
export function randomSequences(seed: number, n: number, maxIndex: number): number[][] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: Math.floor(rnd() * 12) }, () =>
      rnd() < 0.05 ? maxIndex + 1000 : Math.floor(rnd() * (maxIndex + 3)),
    ),
  );
}
