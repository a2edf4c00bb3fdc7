/** Dispatch: `neurite <command> …` → exit code. Errors become one clear line on stderr. */
import { messageOf, UsageError } from './errors.js';
import { COMMAND_HELP, TOP_HELP } from './help.js';
import type { Io } from './io.js';

export const VERSION = '0.1.0';

type Command = (argv: string[], io: Io) => Promise<number>;

// Loaded on demand: the models embedded in @neurite/image and @neurite/text are megabytes of
// JavaScript, which `--help` or a typo should not have to parse.
const COMMANDS: Record<string, () => Promise<Command>> = {
  classify: async () => (await import('./commands/classify.js')).classifyCommand,
  sentiment: async () => (await import('./commands/sentiment.js')).sentimentCommand,
  train: async () => (await import('./commands/train.js')).trainCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
};

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h') {
      io.out(TOP_HELP);
      return 0;
    }
    if (command === '--version' || command === '-v') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (command === 'help') {
      const topic = rest[0];
      if (topic === undefined) io.out(TOP_HELP);
      else if (Object.hasOwn(COMMAND_HELP, topic)) io.out(COMMAND_HELP[topic]);
      else throw new UsageError(`no help for unknown command '${topic}'.`);
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(command.startsWith('-') ? `unknown option '${command}'.` : `unknown command '${command}'.`);
    // --help anywhere before '--' wins over everything else.
    const own = rest.indexOf('--') === -1 ? rest : rest.slice(0, rest.indexOf('--'));
    if (own.includes('--help') || own.includes('-h')) {
      io.out(COMMAND_HELP[command]);
      return 0;
    }
    return await (await load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const where = error.command ? ` ${error.command}` : '';
      io.err(`neurite${where}: ${error.message}\nRun 'neurite${where} --help' for usage.\n`);
      return error.exitCode;
    }
    const prefix = command && Object.hasOwn(COMMANDS, command) ? `neurite ${command}` : 'neurite';
    io.err(`${prefix}: ${messageOf(error)}\n`);
    if (io.env.NEURITE_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return (error as { exitCode?: number }).exitCode ?? 1;
  }
}
