/**
 * Python's `str.lower()`, as Keras calls it.
 *
 * Python and JavaScript both apply the full Unicode lowercase mapping
 * (SpecialCasing included, so `'İ'` becomes `'i̇'`, two code points, in both)
 * and both handle the Greek final sigma in context. An exhaustive comparison
 * of every code point (Python 3.11 / Unicode 14 against Node 20 / ICU 78 /
 * Unicode 17) found them identical except for the letters below, which were
 * encoded in Unicode 16 and 17: Python ≤ 3.13 (every Debian Python that ships
 * keras-preprocessing) leaves them unchanged, newer JS engines lowercase them.
 * We follow Python and keep them as they are, whatever the JS engine version.
 *
 * Lone surrogates are left unchanged by both languages and never throw.
 */
const NEWER_THAN_PYTHON =
  /[\u1C89\uA7CB\uA7CC\uA7CE\uA7D2\uA7D4\uA7DA\uA7DC\u{10D50}-\u{10D65}\u{16EA0}-\u{16EB8}]/u;
const NEWER_THAN_PYTHON_G = new RegExp(NEWER_THAN_PYTHON.source, 'gu');

export function pythonLower(text: string): string {
  const lowered = text.toLowerCase();
  // Fast path: nothing changed, or no letter that Python does not know.
  if (lowered === text || !NEWER_THAN_PYTHON.test(text)) return lowered;
  // Lowercase the pieces between those letters and keep the letters as-is.
  // Python sees them as unassigned (neither cased nor case-ignorable), which
  // is exactly what a string boundary means for the final-sigma rule.
  let out = '';
  let last = 0;
  for (const m of text.matchAll(NEWER_THAN_PYTHON_G)) {
    const at = m.index ?? 0;
    out += text.slice(last, at).toLowerCase() + m[0];
    last = at + m[0].length;
  }
  return out + text.slice(last).toLowerCase();
}
