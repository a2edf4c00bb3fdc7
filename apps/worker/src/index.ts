/**
 * Neurite's demo Cloudflare Worker:
 *   POST /classify   body: JPEG or PNG bytes           → {label, confidence, scores}
 *   POST /sentiment  body: {"text"} | {"texts"}, JSON  → {label, confidence, scores, …} | {results}
 * Every error is JSON `{error: {code, message}}`: 400 bad input, 404 unknown path, 405 wrong
 * method, 413 over a limit (see limits.ts), 415 wrong content type, 500 anything unexpected.
 * The kernels' .wasm comes in as an imported module (the `workerd` entry of @neurite/kernels).
 */
import { classify } from './classify.js';
import { errorResponse, HttpError, json } from './http.js';
import { LIMITS } from './limits.js';
import { sentiment } from './sentiment.js';

const ROUTES: Record<string, { method: string; handle: (request: Request) => Promise<Response> }> = {
  '/classify': { method: 'POST', handle: classify },
  '/sentiment': { method: 'POST', handle: sentiment },
};

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
    return json({ name: 'neurite-worker', endpoints: { 'POST /classify': 'JPEG or PNG bytes', 'POST /sentiment': '{"text": "..."} or {"texts": ["...", ...]}, optional "explain": true' }, limits: LIMITS });
  }
  const found = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : undefined;
  if (!found) throw new HttpError(404, 'NOT_FOUND', `No route ${pathname}; use POST /classify or POST /sentiment.`);
  if (request.method !== found.method) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${pathname} accepts ${found.method} only, got ${request.method}.`, { allow: found.method });
  return found.handle(request);
}

export default {
  async fetch(request: Request): Promise<Response> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      console.error(error);
      return errorResponse(new HttpError(500, 'INTERNAL', 'The Worker failed on this request; the error was logged.'));
    }
  },
};
