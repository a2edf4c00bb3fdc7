"""Converts a legacy (pre-1.6, non-zip) PyTorch state-dict .pth to .safetensors, with Python's
standard library only (no torch, no numpy). Float32 tensors only; others are skipped.

The EfficientNet-Lite checkpoints store their conv kernels as non-contiguous views (TF-layout data
with permuted strides), so each tensor is gathered through its saved strides.

Legacy layout: pickle(magic) pickle(protocol) pickle(sys info) pickle(state dict, storages as
persistent ids) pickle(storage keys), then per key: int64 element count + raw little-endian data.

Usage: python3 pth-to-safetensors.py IN.pth OUT.safetensors
"""
import array
import collections
import json
import os
import pickle
import struct
import sys
import zipfile

LEGACY_MAGIC = 0x1950A86A20F9469CFC6C


class StorageRef:
    def __init__(self, type_name, key):
        self.type_name, self.key = type_name, key


class TensorRef:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)


class StorageType:
    def __init__(self, name):
        self.name = name


class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if name in ('_rebuild_tensor', '_rebuild_tensor_v2'):
            return lambda storage, offset, size, stride, *rest: TensorRef(storage, offset, size, stride)
        if name == '_rebuild_parameter':
            return lambda tensor, *rest: tensor
        if module == 'torch' and name.endswith('Storage'):
            return StorageType(name)
        if module == 'collections' and name == 'OrderedDict':
            return collections.OrderedDict
        raise pickle.UnpicklingError(f'unexpected class {module}.{name} in the checkpoint')

    def persistent_load(self, pid):
        # ('storage', storage type, key, location, element count, view metadata)
        return StorageRef(pid[1].name, pid[2])


def gather(flat, offset, size, stride):
    """The tensor's elements in row-major order, read through its strides."""
    count = 1
    contiguous = []
    for d in reversed(size):
        contiguous.insert(0, count)
        count *= d
    if list(stride) == contiguous or count <= 1:
        return flat[offset:offset + count]
    out = array.array('f')
    def walk(dim, base):
        if dim == len(size) - 1:
            out.extend(flat[base + i * stride[dim]] for i in range(size[dim]))
            return
        for i in range(size[dim]):
            walk(dim + 1, base + i * stride[dim])
    walk(0, offset)
    return out


def main(src, dst):
    if zipfile.is_zipfile(src):
        sys.exit(f'{src}: a zip-format (PyTorch >= 1.6) checkpoint; only the legacy format is supported')
    with open(src, 'rb') as f:
        try:
            magic = pickle.load(f)
        except Exception:
            magic = None
        if magic != LEGACY_MAGIC:
            sys.exit(f'{src}: not a legacy PyTorch checkpoint (no torch.save magic number at the start)')
        pickle.load(f)  # protocol version
        pickle.load(f)  # system info
        state = Unpickler(f).load()
        keys = pickle.load(f)
        element_size = {'FloatStorage': 4, 'DoubleStorage': 8, 'HalfStorage': 2, 'LongStorage': 8, 'IntStorage': 4, 'ByteStorage': 1, 'BoolStorage': 1}
        type_of = {t.storage.key: t.storage.type_name for t in state.values() if isinstance(t, TensorRef)}
        storages = {}
        for key in keys:
            (count,) = struct.unpack('<q', f.read(8))
            raw = f.read(count * element_size[type_of[key]])
            if type_of[key] == 'FloatStorage':
                flat = array.array('f')
                flat.frombytes(raw)
                if sys.byteorder != 'little':
                    flat.byteswap()
                storages[key] = flat
    header, blobs, at = {}, [], 0
    for name, t in state.items():
        if not isinstance(t, TensorRef) or t.storage.type_name != 'FloatStorage':
            continue
        values = gather(storages[t.storage.key], t.offset, t.size, t.stride)
        if sys.byteorder != 'little':
            values.byteswap()
        blob = values.tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.size), 'data_offsets': [at, at + len(blob)]}
        blobs.append(blob)
        at += len(blob)
    header['__metadata__'] = {'source': src.split('/')[-1], 'layout': 'PyTorch (OIHW convolutions), contiguous'}
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(dst + '.partial', 'wb') as out:
        out.write(struct.pack('<Q', len(text)))
        out.write(text)
        for blob in blobs:
            out.write(blob)
    os.replace(dst + '.partial', dst)
    print(f'{dst}: {len(blobs)} tensors, {at} bytes')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
