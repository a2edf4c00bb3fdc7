// --help everywhere, --version, and exit code 2 with a clear message on a wrong command line.
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.js';

describe('neurite --help', () => {
  it('prints the usage of every command and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const usage of ['neurite classify <image…>', 'neurite sentiment <text…|->', 'neurite train image|text --data <dir>', 'neurite demo']) expect(r.stdout).toContain(usage);
    expect(r.stderr).toBe('');
  });

  it('prints the same top-level help with no arguments and with `help`', async () => {
    const [none, help, flag] = await Promise.all([runCli([]), runCli(['help']), runCli(['-h'])]);
    expect(none.stdout).toBe(help.stdout);
    expect(flag.stdout).toBe(help.stdout);
  });

  it.each(['classify', 'sentiment', 'train', 'demo'])('`%s --help` and `help %s` print that command\'s usage', async (command) => {
    const [a, b] = await Promise.all([runCli([command, '--help']), runCli(['help', command])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(new RegExp(`^Usage: neurite ${command}`));
    expect(b.stdout).toBe(a.stdout);
  });

  it('--help wins over other arguments, even invalid ones', async () => {
    const r = await runCli(['classify', 'missing.png', '--bogus', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: neurite classify/);
  });

  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('a wrong command line', () => {
  it('an unknown command exits 2 naming it and pointing at --help', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("neurite: unknown command 'frobnicate'.\nRun 'neurite --help' for usage.\n");
  });

  it('an unknown option exits 2 naming it', async () => {
    const r = await runCli(['classify', '--bogus', 'x.png']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("neurite classify: Unknown option '--bogus'.");
    expect(r.stderr).toContain("Run 'neurite classify --help'");
  });

  it('help for an unknown command exits 2', async () => {
    const r = await runCli(['help', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'nope'");
  });

  it('names of Object.prototype members are unknown commands, not crashes', async () => {
    const [a, b] = await Promise.all([runCli(['constructor']), runCli(['help', 'toString'])]);
    expect([a.code, b.code]).toEqual([2, 2]);
    expect(a.stderr).toContain("unknown command 'constructor'");
    expect(b.stderr).toContain("unknown command 'toString'");
  });

  it('classify and sentiment without input exit 2', async () => {
    const [c, s] = await Promise.all([runCli(['classify']), runCli(['sentiment', '--json'])]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('classify needs at least one image file');
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("sentiment needs a text (quote it) or '-'");
    expect(s.stdout).toBe('');
  });
});
