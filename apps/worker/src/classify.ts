/** POST /classify: the request body is one JPEG or PNG; the answer is the shipped cat/dog model's. */
import { ImageDecodeError, loadImageClassifier, type ImageClassifier } from '@neurite/image';
import { HttpError, json, readBody } from './http.js';
import { LIMITS } from './limits.js';

// One model per isolate, loaded on the first request; a failed load is retried by the next one.
let classifier: Promise<ImageClassifier> | null = null;
function sharedClassifier(): Promise<ImageClassifier> {
  classifier ??= loadImageClassifier().catch((e: unknown) => {
    classifier = null;
    throw e;
  });
  return classifier;
}

export async function classify(request: Request): Promise<Response> {
  const bytes = await readBody(request, LIMITS.imageBytes);
  if (bytes.length === 0) throw new HttpError(400, 'EMPTY_BODY', 'Send the image bytes (JPEG or PNG) as the request body.');
  const model = await sharedClassifier();
  try {
    const result = await model.classify(bytes, { maxPixels: LIMITS.imagePixels });
    return json({ label: result.label, confidence: result.confidence, scores: result.scores });
  } catch (error) {
    if (!(error instanceof ImageDecodeError)) throw error;
    if (error.code === 'TOO_LARGE') throw new HttpError(413, 'IMAGE_TOO_LARGE', `${error.message} This endpoint accepts at most ${LIMITS.imagePixels} pixels.`);
    throw new HttpError(400, 'INVALID_IMAGE', `${error.message} (${error.code})`);
  }
}
