// The one module that reaches Node's built-ins, and its portable twin (swapped in by tsup for the
// workerd, edge-light and browser builds): same contract, the twin fails with a typed error.
import { describe, expect, it } from 'vitest';
import { ModelIOError } from './errors.js';
import { nodePlatform } from './node-platform.js';
import { nodePlatform as portablePlatform } from './node-platform-portable.js';

describe('nodePlatform', () => {
  it("gives Node's fs, path, url and crypto", async () => {
    const p = await nodePlatform('test');
    expect(p.path.join('a', 'b')).toBe('a/b');
    expect(p.fileURLToPath('file:///tmp/m.json')).toBe('/tmp/m.json');
    expect(p.createHash('sha256').update('x').digest('hex')).toHaveLength(64);
    expect(typeof p.fs.readFile).toBe('function');
  });

  it('portable build: file paths fail with a ModelIOError that names the fix', async () => {
    const error = await portablePlatform("load the model at 'm/model.json'").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelIOError);
    expect((error as Error).message).toBe(
      "Cannot load the model at 'm/model.json': saving/loading by file path needs Node.js (or Deno); pass a URL, in-memory artifacts or a handler.",
    );
  });
});
