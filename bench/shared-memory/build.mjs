// Builds a copy of crates/kernels, plus helper.rs, for wasm32-wasip1-threads (shared memory, a
// thread-safe std): returns the .wasm path, or null with the reason when rustup cannot.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, appendFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET = 'wasm32-wasip1-threads';

export function buildThreadedKernels() {
  const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  try {
    run('rustup', ['target', 'add', TARGET]);
  } catch (e) {
    return { wasm: null, reason: `rustup could not add ${TARGET} (${String(e.message).split('\n')[0]})` };
  }
  // rustup's default toolchain, the one `rustup target add` added the target to.
  const sysroot = run('rustc', ['--print', 'sysroot']).trim();
  // A reactor's _initialize sets up the main thread's TLS and runs constructors; cdylibs do not get one by default.
  const crt = join(sysroot, 'lib', 'rustlib', TARGET, 'lib', 'self-contained', 'crt1-reactor.o');
  if (!existsSync(crt)) return { wasm: null, reason: `${crt} not found` };
  const dir = mkdtempSync(join(tmpdir(), 'neurite-threads-'));
  const crate = join(dir, 'kernels');
  const source = fileURLToPath(new URL('../../crates/kernels', import.meta.url));
  cpSync(source, crate, { recursive: true, filter: (p) => p !== join(source, 'target') });
  copyFileSync(new URL('./helper.rs', import.meta.url), join(crate, 'src', 'helper.rs'));
  appendFileSync(join(crate, 'src', 'lib.rs'), '\npub mod helper;\n');
  run('cargo', ['build', '--release', '--target', TARGET], {
    cwd: crate,
    env: { ...process.env, RUSTFLAGS: `-C target-feature=+simd128 -C link-arg=${crt} -C link-arg=--export=_initialize` },
  });
  const wasm = join(dir, 'neurite_kernels.wasm');
  copyFileSync(join(crate, 'target', TARGET, 'release', 'neurite_kernels.wasm'), wasm);
  rmSync(crate, { recursive: true, force: true });
  return { wasm, reason: null };
}
