import { ConfigError } from '../config/index.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { EXIT, UsageError } from './usage.js';

const HELP = `cos-conformance — conformance suite for Tencent COS multipart upload (Upload Part)

Usage: cos-conformance <command> [options]

Commands:
  run        run the conformance suite against a target (default: the embedded emulator)
  list       the requirement catalogue (--json for JSON)
  sweep      abort uploads and delete objects left under COS_KEY_PREFIX by killed runs
  report     merge the reports of several runs into one matrix
  emulator   serve the reference COS emulator
  client     grade a client's multipart upload: run it against the emulator, with and without faults

Run "cos-conformance <command> --help" for a command's options; "cos-conformance --version" prints the version.
`;

type Command = (args: string[], out: (line: string) => void) => Promise<number>;

// A command's module is loaded only when it runs: `run` brings in vitest, which `emulator`, often left running
// beside a client for hours, should not carry (about 260 MiB resident against 85).
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run-command.js')).runCommand,
  list: async () => (await import('./list-command.js')).listCommand,
  sweep: async () => (await import('./sweep-command.js')).sweepCommand,
  report: async () => (await import('./report-command.js')).reportCommand,
  emulator: async () => (await import('./emulator-command.js')).emulatorCommand,
  client: async () => (await import('./client-command.js')).clientCommand,
};

/** Runs a command and returns its exit code; mistakes are one line on stderr, never a stack trace. */
export async function main(argv: string[], out: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(HELP);
    return name === undefined ? EXIT.usage : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    out(`cos-conformance ${PACKAGE_VERSION}`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`cos-conformance: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return EXIT.usage;
  }
  try {
    const command = await load();
    return await command(rest, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      // One line, whatever a message quotes (a JSON parser quotes the file, newlines and all).
      console.error(`cos-conformance ${name}: ${error.message.replace(/\s*\n\s*/g, ' ')}`);
      return EXIT.usage;
    }
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      console.error(`cos-conformance ${name}: ${(error as Error).message} (see --help)`);
      return EXIT.usage;
    }
    if (code === 'EADDRINUSE') {
      console.error(`cos-conformance ${name}: the port is already in use`);
      return EXIT.usage;
    }
    throw error;
  }
}
