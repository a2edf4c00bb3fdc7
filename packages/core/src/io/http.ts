/**
 * Loading over HTTP(S) with `fetch` — only ever for a URL the caller passed. Shards resolve relative
 * to model.json; bodies are read with a byte cap, so a lying or endless server cannot exhaust memory.
 */
import { ModelFormatError, ModelIOError, WeightDataError } from './errors.js';
import { parseJson } from './safe-json.js';
import type { ModelSourceParts } from './sources.js';
import type { CheckedGroup } from './weights.js';

export interface HttpOptions {
  /** fetch implementation (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Passed to every request (headers, credentials, signal…). */
  requestInit?: RequestInit;
}

export async function openUrl(url: URL, maxJsonBytes: number, options: HttpOptions): Promise<ModelSourceParts> {
  const what = url.href;
  const body = await get(url, options, what);
  const bytes = await readCapped(body, maxJsonBytes, () => new ModelFormatError(`${what} is larger than the limit of ${maxJsonBytes} bytes for a model.json; raise maxJsonBytes if it is genuine.`));
  const text = new TextDecoder().decode(bytes);
  return {
    what,
    json: parseJson(text, what, maxJsonBytes),
    readGroup: (group, index) => readShards(url, group, options, `${what}: weight group ${index + 1}`),
  };
}

async function readShards(base: URL, group: CheckedGroup, options: HttpOptions, what: string): Promise<Uint8Array> {
  if (group.paths.length === 0 && group.bytes > 0) throw new ModelFormatError(`${what} lists weights but no shard paths.`);
  const out = new Uint8Array(group.bytes);
  let at = 0;
  for (const p of group.paths) {
    let url: URL;
    try {
      url = new URL(p, base);
    } catch (e) {
      throw new ModelFormatError(`${what}: shard path '${p}' is not a valid URL path.`, { cause: e });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ModelFormatError(`${what}: shard path '${p}' resolves to ${url.protocol} URL; shards must be fetched over http(s).`);
    const res = await get(url, options, what);
    const longer = () => new WeightDataError(`${what}: the shards hold more bytes than the manifest's ${group.bytes}: the weight data is longer than the manifest says (at '${url.href}').`);
    const bytes = await readCapped(res, group.bytes - at, longer);
    out.set(bytes, at);
    at += bytes.byteLength;
  }
  // A short read is reported (as "shorter") by the decoder, which knows the weights.
  return at === group.bytes ? out : out.subarray(0, at);
}

async function get(url: URL, options: HttpOptions, what: string): Promise<Response> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new ModelIOError(`Cannot load ${url.href}: this runtime has no fetch(); pass { fetch } to loadModel.`);
  let res: Response;
  try {
    res = await fetchFn(url.href, options.requestInit);
  } catch (e) {
    throw new ModelIOError(`${what}: request for ${url.href} failed: ${(e as Error)?.message ?? String(e)}.`, { cause: e });
  }
  if (!res.ok) throw new ModelIOError(`${what}: ${url.href} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
  return res;
}

/** The response body, or `tooLarge()` as soon as it exceeds `cap` bytes (by Content-Length or while streaming). */
async function readCapped(res: Response, cap: number, tooLarge: () => Error): Promise<Uint8Array> {
  const declared = Number(res.headers?.get?.('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body || typeof res.body.getReader !== 'function') {
    const all = new Uint8Array(await res.arrayBuffer());
    if (all.byteLength > cap) throw tooLarge();
    return all;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
