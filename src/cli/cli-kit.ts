import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Bad input: exit code 2 (design.md, conventions). */
export class UsageError extends Error {}

export type Command = {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, unknown>, positionals: string[]): Promise<number | undefined>;
};

/** `--answers -,1,0` is a value, not an option: join a string option with its next word. */
function joinStringValues(command: Command, argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const option = arg.startsWith('--') ? command.options[arg.slice(2)] : undefined;
    const next = argv[i + 1];
    if (option?.type === 'string' && next !== undefined && !arg.includes('=')) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    return parseArgs({
      args: joinStringValues(command, argv),
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.split('\n')[0]} (see \`ketaflow ${command.name} --help\`)`,
    );
  }
}

/** One JSON object on one line on stdout, for scripts. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}
