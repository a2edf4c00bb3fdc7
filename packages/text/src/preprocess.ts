/**
 * Text normalisation applied before the Keras tokenizer, identically in training and inference.
 * The Keras tokenizer's default filters would delete emoticons, glue emoji to words and keep
 * user names and URLs as rare words; these rewrites turn them into a few shared tokens so the
 * model sees the signal (a smiley) rather than the noise (which airline was @-mentioned).
 */

/** Filters for the shipped tokenizer: Keras' defaults minus `!` (kept as a token; it carries sentiment). */
export const TOKENIZER_FILTERS = '"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export const URL_TOKEN = 'xxurl';
export const USER_TOKEN = 'xxuser';
export const POSITIVE_EMOTICON_TOKEN = 'xxemopos';
export const NEGATIVE_EMOTICON_TOKEN = 'xxemoneg';

const POSITIVE_EMOTICONS = [':)', ':-)', ':]', '=)', ':D', ':-D', '=D', ';)', ';-)', ';D', ':P', ':-P', ':p', 'xD', 'XD', '(:', '<3', '^_^', '^^', ":')", ':*', ':o)', '8)'];
const NEGATIVE_EMOTICONS = [':(', ':-(', ':[', '=(', '):', 'D:', ":'(", ':/', ':-/', ':\\', '>:(', ':|', '</3', '-_-', ':@', ';('];
const POSITIVE_EMOJI = '😀😃😄😁😆😊🙂😍🥰😘😻👍👏🙌💕💖💗💙💚💛💜🎉✨🤗😎😇🥳😉😋👌🌟⭐❤♥😂🤣';
const NEGATIVE_EMOJI = '😢😭😞😠😡👎💔😒😩😫🤬😤😣😖😟😔😕🙁☹😰😱🤮🤢😷😪😓💩';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Emoticons count only as whole whitespace-separated pieces, so "(:" inside "f(:x)" is not a smiley.
function emoticonPattern(list: string[]): RegExp {
  const alternatives = [...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return new RegExp(`(^|\\s)(?:${alternatives})+(?=\\s|$)`, 'g');
}

const POSITIVE_EMOTICON_RE = emoticonPattern(POSITIVE_EMOTICONS);
const NEGATIVE_EMOTICON_RE = emoticonPattern(NEGATIVE_EMOTICONS);
const URL_RE = /(?:https?:\/\/|www\.)\S+/gi;
const USER_RE = /(^|[^\w@])@\w+/g;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C1 controls: in the training data only as mis-decoded Windows-1252 dashes and quotes (32
// times, all in rt_polarity); as words they would carry whatever sentiment those few sentences had.
const C1_CONTROL_RE = /[\u0080-\u009F]/g;
const PICTOGRAPH_RE = /(\p{Extended_Pictographic})/gu;
const EMOJI_MODIFIER_RE = /[\u{FE0E}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}]/gu;
const ELONGATION_RE = /(\p{L})\1{2,}/gu;
const APOSTROPHE_RE = /[`´‘’]/g;
const EXCLAMATION_RE = /!+/g;
const WHITESPACE_RE = /\s+/gu;
const POSITIVE_EMOJI_SET = new Set(Array.from(POSITIVE_EMOJI));
const NEGATIVE_EMOJI_SET = new Set(Array.from(NEGATIVE_EMOJI));

/**
 * Normalises one text for the shipped tokenizer. Total: any string in, a string out (lone
 * surrogates become U+FFFD). Lowercasing and punctuation filtering are left to the tokenizer.
 */
export function normalizeText(text: string): string {
  let s = text.replace(LONE_SURROGATE_RE, '\uFFFD').replace(C1_CONTROL_RE, ' ');
  s = s.replace(URL_RE, ` ${URL_TOKEN} `);
  s = s.replace(USER_RE, `$1 ${USER_TOKEN} `);
  s = s.replace(APOSTROPHE_RE, "'");
  s = s.replace(POSITIVE_EMOTICON_RE, `$1 ${POSITIVE_EMOTICON_TOKEN} `);
  s = s.replace(NEGATIVE_EMOTICON_RE, `$1 ${NEGATIVE_EMOTICON_TOKEN} `);
  s = s.replace(EMOJI_MODIFIER_RE, '');
  s = s.replace(PICTOGRAPH_RE, (e: string) => {
    const tag = POSITIVE_EMOJI_SET.has(e) ? ` ${POSITIVE_EMOTICON_TOKEN}` : NEGATIVE_EMOJI_SET.has(e) ? ` ${NEGATIVE_EMOTICON_TOKEN}` : '';
    return ` ${e}${tag} `;
  });
  s = s.replace(ELONGATION_RE, '$1$1');
  s = s.replace(EXCLAMATION_RE, ' ! ');
  // The tokenizer splits on ' ' only: other whitespace (\r, \u00a0, ...) would glue words together.
  return s.replace(WHITESPACE_RE, ' ');
}
