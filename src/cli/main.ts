// `mssar <command> [args]`: finds the command in commands/index.ts and runs it.
import { version } from '../version';
import { Command, UsageError } from './command';
import { commands } from './commands';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return ['usage: mssar <command> [options]   (mssar <command> --help for its options)', '', 'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', 'mssar --version prints the version.'].join('\n');
}

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

/** Runs the CLI on argv (without node and the script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const command = findCommand(name);
  if (!command) {
    console.error(`mssar: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  try {
    return (await command.run(rest)) ?? 0;
  } catch (e) {
    // parseArgs reports unknown or malformed options with these codes.
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      console.error(`mssar ${name}: ${(e as Error).message}`);
      return 2;
    }
    console.error(`mssar ${name}: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.MSSAR_DEBUG && e instanceof Error) console.error(e.stack);
    return 1;
  }
}

/** The entry of bin/mssar.js. */
export function runCli(argv: string[]): void {
  main(argv).then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
