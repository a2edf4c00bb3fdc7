// The Worker in workerd (miniflare), bundled as wrangler would: real HTTP on 127.0.0.1, answers
// equal to the packages' in-process results, limits (413), JSON errors (400/404/405/415), no network.
import { request } from 'node:http';
import { classifyImage } from '@neurite/image';
import { analyzeSentiment } from '@neurite/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../scripts/harness.mjs';
import { LIMITS } from './limits.js';
import { drawPng, pngClaiming } from './test-support/pictures.js';

let worker: Awaited<ReturnType<typeof startWorker>>;
beforeAll(async () => {
  worker = await startWorker();
}, 60_000);
afterAll(() => worker?.dispose());

/**
 * POST on a fresh connection each time (`agent: false`): after a 413 workerd drops the connection,
 * and a pooled keep-alive connection reused by the next request would fail with ECONNRESET.
 */
function send(method: string, path: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(worker.url + path, { method, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d)).on('end', () => {
        const responseHeaders = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') responseHeaders.set(k, v);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: responseHeaders }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
const post = (path: string, body: Uint8Array | string, headers: Record<string, string> = {}) => send('POST', path, body, headers);
const postJson = (body: unknown) => post('/sentiment', JSON.stringify(body), { 'content-type': 'application/json' });

/**
 * Declares a body of `length` bytes but sends 1 KiB and waits for the answer. The Worker answers
 * 413 from the header alone and workerd then drops the connection, so a client still uploading
 * the whole body would see a reset instead of the response (node:http lets us stop early).
 */
function postDeclaring(path: string, length: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return retryOnReset(() => new Promise((resolve, reject) => {
    const req = request(worker.url + path, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(length) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(new Uint8Array(1024));
  }));
}

/**
 * workerd answers a 413 and closes while unread upload data is still in flight, so TCP may reset
 * the connection before the client reads the answer. That is transport, not the Worker: retry a
 * reset (at most 5 tries); the answer, once read, is what the tests check.
 */
async function retryOnReset<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (i >= 5 || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw e;
    }
  }
}

async function expectError(response: Response, status: number, code: string): Promise<string> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error.message;
}

describe('the bundle', () => {
  it('uses the workerd entry of @neurite/kernels: the .wasm is an imported module, not inlined base64 to compile', () => {
    expect(worker.worker.wasmModules.map((p) => p.replace(/.*\/kernels\//, ''))).toEqual(['wasm/neurite_kernels.wasm']);
    expect(worker.worker.code).not.toMatch(/AGFzbQ[A-Za-z0-9+/]{1000}/); // base64 of "\0asm…"
  });
});

describe('POST /classify', () => {
  it('classifies PNG bytes exactly like classifyImage in Node', async () => {
    for (const [w, h, seed] of [[80, 60, 1], [33, 47, 2]]) {
      const png = drawPng(w, h, seed);
      const response = await post('/classify', png, { 'content-type': 'image/png' });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { label: string; confidence: number; scores: Record<string, number> };
      const expected = await classifyImage(png);
      expect(body.label).toBe(expected.label);
      expect(body.confidence).toBeCloseTo(expected.confidence, 6);
      expect(body.scores.cat).toBeCloseTo(expected.scores.cat, 6);
    }
  });

  it('413 on a body over the limit, from Content-Length, before the body is read', async () => {
    const { status, body } = await postDeclaring('/classify', LIMITS.imageBytes + 1);
    expect(status).toBe(413);
    expect(JSON.parse(body)).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than the limit of ${LIMITS.imageBytes} bytes.` } });
  });

  it('413 on a streamed body (no Content-Length) once it passes the limit', async () => {
    // Chunked upload over node:http that keeps sending until the answer arrives (see retryOnReset).
    const upload = () =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        let answered = false;
        const req = request(worker.url + '/classify', { method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
          answered = true;
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: text });
            req.destroy();
          });
        });
        req.on('error', (e) => (answered ? undefined : reject(e)));
        const chunk = new Uint8Array(1024 * 1024);
        let sent = 0;
        const pump = (): void => {
          while (!answered && sent <= LIMITS.imageBytes + 4 * chunk.length) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
        };
        pump();
      });
    const answer = await retryOnReset(upload);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('413 on an image with more pixels than the limit, from its header alone', async () => {
    // A PNG whose header says 5000×3000 (15 MP) in a hundred bytes: under the byte limit, over the pixel limit.
    const big = pngClaiming(5000, 3000);
    expect(big.length).toBeLessThan(200);
    expect(await expectError(await post('/classify', big), 413, 'IMAGE_TOO_LARGE')).toContain(String(LIMITS.imagePixels));
    await expectError(await post('/classify', pngClaiming(3000, 4000)), 400, 'INVALID_IMAGE'); // 12 MP: allowed, but its data is missing
  });

  it('400 JSON error on a corrupt image, an unknown format and an empty body', async () => {
    const png = drawPng(40, 40, 3);
    expect(await expectError(await post('/classify', png.subarray(0, 60)), 400, 'INVALID_IMAGE')).toMatch(/\((TRUNCATED|CORRUPT)\)$/);
    expect(await expectError(await post('/classify', 'hello, not an image'), 400, 'INVALID_IMAGE')).toMatch(/\(UNSUPPORTED_FORMAT\)$/);
    await expectError(await post('/classify', new Uint8Array(0)), 400, 'EMPTY_BODY');
  });
});

describe('POST /sentiment', () => {
  it('{"text"} gives analyzeSentiment\'s result; {"texts"} gives one per text', async () => {
    const texts = ['The crew was wonderful', 'Lost my luggage, terrible airline', 'Gate 4'];
    const one = await postJson({ text: texts[0] });
    expect(one.status).toBe(200);
    const expected = await analyzeSentiment(texts);
    expect(await one.json()).toEqual(JSON.parse(JSON.stringify(expected[0])));
    const many = (await (await postJson({ texts })).json()) as { results: { label: string; confidence: number }[] };
    expect(many.results.map((r) => r.label)).toEqual(expected.map((r) => r.label));
    many.results.forEach((r, i) => expect(r.confidence).toBeCloseTo(expected[i].confidence, 9));
  });

  it('"explain": true adds per-word contributions', async () => {
    const body = (await (await postJson({ text: 'terrible delayed flight', explain: true })).json()) as { contributions: { token: string }[] };
    expect(body.contributions.map((c) => c.token)).toEqual(['terrible', 'delayed', 'flight']);
  });

  it('400 on bad JSON and on JSON of the wrong shape, naming what is wrong', async () => {
    await expectError(await post('/sentiment', '{"text": ', { 'content-type': 'application/json' }), 400, 'INVALID_JSON');
    expect(await expectError(await postJson({ text: 42 }), 400, 'INVALID_REQUEST')).toBe('"text" must be a string, got number.');
    expect(await expectError(await postJson({ texts: ['ok', null] }), 400, 'INVALID_REQUEST')).toBe('"texts"[1] must be a string, got null.');
    await expectError(await postJson({ text: 'a', texts: ['b'] }), 400, 'INVALID_REQUEST');
    await expectError(await postJson({ texts: [] }), 400, 'INVALID_REQUEST');
    await expectError(await postJson(['a list']), 400, 'INVALID_REQUEST');
    await expectError(await postJson({ text: 'x', explain: 'yes' }), 400, 'INVALID_REQUEST');
  });

  it('413 over the body, text-count and text-length limits; 415 without a JSON content type', async () => {
    const declared = await postDeclaring('/sentiment', LIMITS.jsonBytes + 1, { 'content-type': 'application/json' });
    expect([declared.status, JSON.parse(declared.body).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await expectError(await postJson({ texts: Array.from({ length: LIMITS.texts + 1 }, () => 'ok') }), 413, 'TOO_MANY_TEXTS');
    await expectError(await postJson({ text: 'a '.repeat(LIMITS.textChars) }), 413, 'TEXT_TOO_LONG');
    await expectError(await post('/sentiment', '{"text":"hi"}', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('routing', () => {
  it('404 on an unknown path, 405 (with Allow) on a wrong method, GET / describes the API', async () => {
    await expectError(await post('/translate', 'x'), 404, 'NOT_FOUND');
    await expectError(await fetch(worker.url + '/constructor'), 404, 'NOT_FOUND');
    const get = await fetch(worker.url + '/classify');
    expect(get.headers.get('allow')).toBe('POST');
    await expectError(get, 405, 'METHOD_NOT_ALLOWED');
    await expectError(await send('PUT', '/sentiment', '{}'), 405, 'METHOD_NOT_ALLOWED');
    const index = (await (await fetch(worker.url + '/')).json()) as { endpoints: Record<string, string> };
    expect(Object.keys(index.endpoints)).toEqual(['POST /classify', 'POST /sentiment']);
  });

  it('made no outbound request', () => {
    expect(worker.outbound).toEqual([]);
  });
});
