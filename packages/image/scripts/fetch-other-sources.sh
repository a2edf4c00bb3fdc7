#!/usr/bin/env bash
# fetch-other-sources.sh [DEST]
#
# Builds an out-of-distribution evaluation set of cat and dog PHOTOS that do not come from
# Kaggle "Dogs vs. Cats" / Asirra, taken from packages in Debian's archive and on PyPI:
#
#   DEST/cat/*.{jpg,png}, DEST/dog/*.{jpg,png}   photos >= 64 px (the main set)
#   DEST-lowres/cat, DEST-lowres/dog             32x32 CIFAR-10 samples (a harder, separate set)
#   DEST-packages/                               the downloaded packages and a private Pillow
#
# DEST defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/neurite/other-sources. The packages are kept
# beside DEST, not inside it, because scripts/evaluate.ts treats every sub-folder of --data as a
# label. Every image was labelled by looking at it; each entry below pins the MD5 of the exact
# bytes that were checked, and a file whose bytes differ is skipped with a warning. The images are
# never committed: they stay in the cache folder.
#
# Network: only `apt-get download` (Debian archive) and `pip download/install` (PyPI).
# Needs: bash, python3, pip, apt-get and dpkg-deb (a Debian-based machine); `apt-get update` must
# have been run once. Idempotent: downloads are reused, the output folders are rebuilt.
#
# Then: cd packages/image && npx tsx scripts/evaluate.ts --data DEST
set -euo pipefail

DEST="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/neurite/other-sources}"
DEST="${DEST%/}"
LOWRES="$DEST-lowres"
PKGS="$DEST-packages"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAGGLE_DIR="${NEURITE_CATS_DOGS:-$SCRIPT_DIR/../../../../shared/data/cats-dogs}"

# Debian packages (bookworm versions; the newest available one is used if this one is gone).
DEBS=(python3-skimage=0.19.3-8 opencv-doc=4.6.0+dfsg-12 gcompris-qt-data=3.1-2 tuxpaint-stamps-default=2022.06.04-1)
FOOLBOX=foolbox==3.3.4

mkdir -p "$PKGS" "$PKGS/stage"

# --- 1. downloads (skipped when the file is already there) ---------------------------------------
for spec in "${DEBS[@]}"; do
  name="${spec%%=*}"
  if ! compgen -G "$PKGS/${name}_*.deb" >/dev/null; then
    echo "downloading $spec (Debian)"
    (cd "$PKGS" && { apt-get download "$spec" 2>/dev/null || apt-get download "$name"; }) \
      || { echo "apt-get download $name failed: run 'apt-get update' first" >&2; exit 1; }
  fi
done
if ! compgen -G "$PKGS/foolbox-*.whl" >/dev/null; then
  echo "downloading $FOOLBOX (PyPI)"
  pip download --quiet --no-deps --only-binary=:all: -d "$PKGS" "$FOOLBOX"
fi
# Pillow decodes the WebP files of gcompris and flattens transparent PNGs; a private copy, so that
# nothing is installed system-wide.
if ! PYTHONPATH="$PKGS/py" python3 -c 'import PIL.WebPImagePlugin' 2>/dev/null; then
  echo "installing Pillow into $PKGS/py (PyPI)"
  pip install --quiet --no-deps --only-binary=:all: --target "$PKGS/py" pillow
fi

# --- 2. unpack only the members we use -----------------------------------------------------------
deb_of() { compgen -G "$PKGS/${1}_*.deb" | sort | tail -n 1; }
unpack() { # package, member...
  local pkg="$1"; shift
  mkdir -p "$PKGS/stage/$pkg"
  dpkg-deb --fsys-tarfile "$(deb_of "$pkg")" | tar -x -C "$PKGS/stage/$pkg" "$@"
}
unpack python3-skimage ./usr/lib/python3/dist-packages/skimage/data/chelsea.png
unpack opencv-doc ./usr/share/doc/opencv-doc/opencv4/html/cat_det.jpg
unpack tuxpaint-stamps-default ./usr/share/tuxpaint/stamps/animals/mammals/dogs/dog.png
unpack gcompris-qt-data ./usr/share/gcompris-qt/rcc/explore_farm_animals.rcc ./usr/share/gcompris-qt/rcc/erase.rcc

# --- 3. select, check, convert, write SOURCES.md ---------------------------------------------------
export DEST LOWRES PKGS KAGGLE_DIR
PYTHONPATH="$PKGS/py" python3 - <<'PY'
import glob, hashlib, io, os, shutil, struct, subprocess, sys, zipfile, zlib
from PIL import Image

DEST, LOWRES, PKGS, KAGGLE = (os.environ[k] for k in ('DEST', 'LOWRES', 'PKGS', 'KAGGLE_DIR'))
STAGE = os.path.join(PKGS, 'stage')
GC = 'gcompris/src/activities'

# source, where ('deb' file | 'rcc' file:inner | 'whl' member), label, set, md5 of checked bytes, credit
ENTRIES = [
  ('python3-skimage', 'deb', 'usr/lib/python3/dist-packages/skimage/data/chelsea.png', 'cat', 'main', '0f1b4a59504988622035d850dc0555ac',
   'scikit-image sample "chelsea" (Stefan van der Walt\'s cat); package licence BSD-3-Clause'),
  ('opencv-doc', 'deb', 'usr/share/doc/opencv-doc/opencv4/html/cat_det.jpg', 'cat', 'main', '1bff5b06c8cf621e0949a88464107786',
   'OpenCV tutorial figure (a kitten with a thin detection rectangle drawn on it); package licence Apache-2.0 AND BSD-3-Clause'),
  ('tuxpaint-stamps-default', 'deb', 'usr/share/tuxpaint/stamps/animals/mammals/dogs/dog.png', 'dog', 'main', '46cf133a65ead56ca89a22bdba7deb15',
   'Tux Paint stamp "A dog" (cut-out photo of a husky, transparent background flattened onto white); GPL-2'),
  ('gcompris-qt-data', 'rcc', 'usr/share/gcompris-qt/rcc/explore_farm_animals.rcc:' + GC + '/explore_farm_animals/resource/animals/cat.webp', 'cat', 'main',
   'aea7425b360b4b13bf047f4334855e9f', 'photo by Loliloli, Wikimedia Commons File:Spielendes_Kätzchen.JPG; Public Domain'),
  ('gcompris-qt-data', 'rcc', 'usr/share/gcompris-qt/rcc/explore_farm_animals.rcc:' + GC + '/explore_farm_animals/resource/animals/dog.webp', 'dog', 'main',
   '1e7e3462854f0c196830641c9682de07', 'photo by Hans Kemperman, Wikimedia Commons File:German-shepherd-4040871920._(2).jpg; Public Domain'),
  ('gcompris-qt-data', 'rcc', 'usr/share/gcompris-qt/rcc/erase.rcc:' + GC + '/erase/resource/kitten.webp', 'cat', 'main',
   '39f05992a91bbd6d440236192e3bd5a9', 'photo by GalgenTX, Wikimedia Commons File:A_posing_kitten_(Flickr).jpg; CC-BY-2.0 (cropped, colour-adjusted by GCompris)'),
  ('foolbox', 'whl', 'foolbox/data/imagenet_00_243.jpg', 'dog', 'main', '49f3e9a234d30bd343f471a2951aadbd',
   'ImageNet sample, class 243 bull mastiff (a person\'s legs are also in the frame); package MIT, photo rights: ImageNet terms (research/non-commercial)'),
  ('foolbox', 'whl', 'foolbox/data/imagenet_16_251.jpg', 'dog', 'main', '47a211ff97f50e86de46b9e180062fde',
   'ImageNet sample, class 251 dalmatian; package MIT, photo rights: ImageNet terms (research/non-commercial)'),
  ('foolbox', 'whl', 'foolbox/data/cifar10_00_3.png', 'cat', 'lowres', 'e0e369d8f591f9008aeff86b6aef003c', 'CIFAR-10 sample, class 3 cat (32x32)'),
  ('foolbox', 'whl', 'foolbox/data/cifar10_08_3.png', 'cat', 'lowres', '1d182caec8b140e38000ebf710a0aacf', 'CIFAR-10 sample, class 3 cat (32x32)'),
  ('foolbox', 'whl', 'foolbox/data/cifar10_12_5.png', 'dog', 'lowres', '5f186b20a6ced2e3b4c62075a8af449b', 'CIFAR-10 sample, class 5 dog (32x32)'),
  ('foolbox', 'whl', 'foolbox/data/cifar10_16_5.png', 'dog', 'lowres', '78778a9d2f6254ac1a38e0563235d1fa', 'CIFAR-10 sample, class 5 dog (32x32)'),
]
LICENCE = {
  'python3-skimage': 'BSD-3-Clause (debian/copyright, Files: *)',
  'opencv-doc': 'Apache-2.0 AND BSD-3-Clause (debian/copyright, Files: *)',
  'tuxpaint-stamps-default': 'GPL-2 (debian/copyright, Files: *)',
  'gcompris-qt-data': 'per image, from the README beside each image inside the .rcc (see the file list)',
  'foolbox': 'MIT (the package); the ImageNet and CIFAR-10 samples keep their datasets\' terms: no explicit licence, research use',
}

def rcc_member(path, inner):
    """Reads one file from a Qt binary resource (.rcc): header, tree of 14/22-byte nodes, names, data."""
    b = open(path, 'rb').read()
    if b[:4] != b'qres': raise ValueError(path + ' is not a Qt resource file')
    ver, tree, data, names = struct.unpack('>IIII', b[4:20])
    size = 14 if ver == 1 else 22
    def name(off):
        n, = struct.unpack('>H', b[names + off:names + off + 2])
        return b[names + off + 6:names + off + 6 + 2 * n].decode('utf-16-be')
    node, parts = 0, inner.split('/')
    for part in parts:
        p = tree + node * size
        flags, = struct.unpack('>H', b[p + 4:p + 6])
        count, first = struct.unpack('>II', b[p + 6:p + 14])
        node = next((c for c in range(first, first + count) if name(struct.unpack('>I', b[tree + c * size:tree + c * size + 4])[0]) == part), None)
        if node is None: raise KeyError(inner + ' not in ' + path)
    p = tree + node * size
    flags, = struct.unpack('>H', b[p + 4:p + 6])
    off, = struct.unpack('>I', b[p + 10:p + 14])
    n, = struct.unpack('>I', b[data + off:data + off + 4])
    blob = b[data + off + 4:data + off + 4 + n]
    if flags & 4: raise ValueError('zstd-compressed resource not supported: ' + inner)
    return zlib.decompress(blob[4:]) if flags & 1 else blob

def read(src, kind, where):
    if kind == 'deb': return open(os.path.join(STAGE, src, where), 'rb').read()
    if kind == 'rcc':
        rcc, inner = where.split(':', 1)
        return rcc_member(os.path.join(STAGE, src, rcc), inner)
    whl = sorted(glob.glob(os.path.join(PKGS, src + '-*.whl')))[-1]
    with zipfile.ZipFile(whl) as z: return z.read(where)

def version(src):
    if src == 'foolbox': return os.path.basename(sorted(glob.glob(os.path.join(PKGS, 'foolbox-*.whl')))[-1]).split('-')[1]
    deb = sorted(glob.glob(os.path.join(PKGS, src + '_*.deb')))[-1]
    return subprocess.run(['dpkg-deb', '-f', deb, 'Version'], capture_output=True, text=True, check=True).stdout.strip()

def kaggle_md5s():
    """MD5s of the Kaggle/Asirra training data, to make sure none of it sneaks in."""
    out = set()
    manifest = os.path.join(KAGGLE, 'manifest.csv')
    if os.path.exists(manifest):
        for line in open(manifest).read().splitlines()[1:]:
            out.add(line.split(',')[7])
    for f in glob.glob(os.path.join(KAGGLE, '*', '*', '*')):
        out.add(hashlib.md5(open(f, 'rb').read()).hexdigest())
    return out

def to_file(raw, where, target_stem):
    """Writes JPEG/PNG bytes as they are; WebP becomes PNG; transparency is flattened onto white."""
    img = Image.open(io.BytesIO(raw))
    if img.format == 'JPEG' or (img.format == 'PNG' and img.mode in ('RGB', 'L')):
        path = target_stem + ('.jpg' if img.format == 'JPEG' else '.png')
        open(path, 'wb').write(raw)
    else:
        img = img.convert('RGBA')
        flat = Image.new('RGB', img.size, (255, 255, 255))
        flat.paste(img, mask=img.getchannel('A'))
        path = target_stem + '.png'
        flat.save(path, optimize=True)
    return path, img.size

known = kaggle_md5s()
print(f'{len(known)} Kaggle/Asirra MD5s to check against' if known else f'warning: no Kaggle data found at {KAGGLE}; MD5 dedupe skipped')
for root in (DEST, LOWRES):
    for label in ('cat', 'dog'):
        shutil.rmtree(os.path.join(root, label), ignore_errors=True)
        os.makedirs(os.path.join(root, label))

rows, counts = [], {}
for src, kind, where, label, subset, md5, credit in ENTRIES:
    raw = read(src, kind, where)
    got = hashlib.md5(raw).hexdigest()
    if got != md5:
        print(f'warning: {src}:{where} changed (md5 {got}, checked {md5}); skipped, look at it and update the entry', file=sys.stderr)
        continue
    if got in known:
        print(f'warning: {src}:{where} is a Kaggle/Asirra image; skipped', file=sys.stderr)
        continue
    base = os.path.splitext(where.split('/')[-1])[0]
    # gcompris: prefix the activity name (gcompris/src/activities/<activity>/...) to keep names unique
    stem = src + '--' + (where.split(':', 1)[1].split('/')[3] + '-' + base if kind == 'rcc' else base)
    path, size = to_file(raw, where, os.path.join(DEST if subset == 'main' else LOWRES, label, stem))
    if hashlib.md5(open(path, 'rb').read()).hexdigest() in known:
        os.remove(path); print(f'warning: {path} matches a Kaggle/Asirra image; removed', file=sys.stderr); continue
    counts.setdefault((src, subset), {'cat': 0, 'dog': 0})[label] += 1
    rows.append((src, subset, label, os.path.relpath(path, os.path.dirname(DEST)), f'{size[0]}x{size[1]}', kind + ':' + where, md5, credit))

versions = {src: version(src) for src, *_ in ENTRIES}
for (src, subset), c in counts.items():
    print(f'{src} {versions[src]} [{subset}]: {c["cat"]} cat, {c["dog"]} dog')
for root in (DEST, LOWRES):
    n = {l: len(os.listdir(os.path.join(root, l))) for l in ('cat', 'dog')}
    print(f'{root}: {n["cat"]} cat, {n["dog"]} dog')

md = ['# Cat and dog photos from sources other than Kaggle "Dogs vs. Cats" / Asirra', '',
      'Made by `packages/image/scripts/fetch-other-sources.sh`. Evaluation only: not for training, not for the',
      'repository or the npm package. Every image was labelled by looking at it; images that show neither or both',
      'animals were left out. None of these MD5s occur in the Kaggle training data.', '',
      f'- `{os.path.basename(DEST)}/` — photos of at least 64 px (the main set)',
      f'- `{os.path.basename(LOWRES)}/` — 32x32 CIFAR-10 samples, kept apart as a harder low-resolution set', '',
      '| source package | registry | version | licence |', '| --- | --- | --- | --- |']
for src in dict.fromkeys(s for s, *_ in ENTRIES):
    md.append(f'| {src} | {"PyPI" if src == "foolbox" else "Debian (bookworm)"} | {versions[src]} | {LICENCE[src]} |')
md += ['', '| file | size | label | taken from (inside the package) | md5 of original bytes | credit, licence of the image |', '| --- | --- | --- | --- | --- | --- |']
for src, subset, label, rel, size, where, md5, credit in rows:
    md.append(f'| {rel} | {size} | {label} | {src} `{where}` | {md5} | {credit} |')
md.append('')
for root in (DEST, LOWRES):
    open(os.path.join(root, 'SOURCES.md'), 'w').write('\n'.join(md))
PY
