/** POST /sentiment: `{"text": "…"}` or `{"texts": ["…", …]}`, optional `"explain": true`. */
import { loadSentimentAnalyzer, type SentimentAnalyzer } from '@neurite/text';
import { HttpError, json, readBody } from './http.js';
import { LIMITS } from './limits.js';

let analyzer: Promise<SentimentAnalyzer> | null = null;
function sharedAnalyzer(): Promise<SentimentAnalyzer> {
  analyzer ??= loadSentimentAnalyzer().catch((e: unknown) => {
    analyzer = null;
    throw e;
  });
  return analyzer;
}

const bad = (message: string) => new HttpError(400, 'INVALID_REQUEST', message);

/** The texts of a request body, validated: one string or a non-empty array of strings, each within limits. */
function textsOf(body: unknown): { texts: string[]; single: boolean; explain: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('The body must be a JSON object: {"text": "..."} or {"texts": ["...", ...]}.');
  const { text, texts, explain } = body as Record<string, unknown>;
  if (explain !== undefined && typeof explain !== 'boolean') throw bad('"explain" must be true or false.');
  if ((text === undefined) === (texts === undefined)) throw bad('Send exactly one of "text" (a string) or "texts" (an array of strings).');
  const list = text !== undefined ? [text] : texts;
  if (!Array.isArray(list) || list.length === 0) throw bad('"texts" must be a non-empty array of strings.');
  if (list.length > LIMITS.texts) throw new HttpError(413, 'TOO_MANY_TEXTS', `At most ${LIMITS.texts} texts per request, got ${list.length}.`);
  list.forEach((t, i) => {
    const where = text !== undefined ? '"text"' : `"texts"[${i}]`;
    if (typeof t !== 'string') throw bad(`${where} must be a string, got ${t === null ? 'null' : typeof t}.`);
    if (t.length > LIMITS.textChars) throw new HttpError(413, 'TEXT_TOO_LONG', `${where} has ${t.length} characters; the limit is ${LIMITS.textChars}.`);
  });
  return { texts: list as string[], single: text !== undefined, explain: explain === true };
}

export async function sentiment(request: Request): Promise<Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send JSON with Content-Type: application/json (got '${type || 'none'}').`);
  const raw = new TextDecoder('utf-8', { fatal: false }).decode(await readBody(request, LIMITS.jsonBytes));
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    throw new HttpError(400, 'INVALID_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const { texts, single, explain } = textsOf(body);
  const results = (await sharedAnalyzer()).analyze(texts, { explain });
  return json(single ? results[0] : { results });
}
