import { ConfigError } from '../server/config.ts';
import { type Command, parseCommandArgs, UsageError } from './cli-kit.ts';
import { auditCommand, migrateCommand, seedCommand, serveCommand, userCommand } from './commands.ts';
import { doseCommand } from './dose.ts';
import { ledgerCommand } from './ledger.ts';
import { scoreCommand } from './score.ts';

const COMMANDS: Command[] = [
  serveCommand,
  migrateCommand,
  seedCommand,
  userCommand,
  auditCommand,
  ledgerCommand,
  scoreCommand,
  doseCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'ketaflow: practice software for ketamine and esketamine clinics',
    '',
    'Usage: ketaflow <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ketaflow <command> --help` for a command. Exit codes: 0 ok, 1 failure, 2 bad input.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"; run \`ketaflow --help\``);
  const { values, positionals } = parseCommandArgs(command, rest);
  if (values.help) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  return (await command.run(values, positionals)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined && process.argv[2] !== 'serve') process.exit(code);
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || error instanceof ConfigError;
    process.stderr.write(`ketaflow: ${(error as Error).message.replace(/\s*\n\s*/g, '; ')}\n`);
    process.exit(usage ? 2 : 1);
  },
);
