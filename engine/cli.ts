// `skewscope`: one program, one file per command under engine/cli/, each exporting
// register(program). To add a command, add its file name to COMMANDS.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';

const COMMANDS = ['analyze', 'serve', 'glue-metrics', 'tune', 'lake', 'demo-lake', 'run', 'replay'];

function version(): string {
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // not at this depth (compiled under dist/, or run from source)
    }
  }
  return 'unknown';
}

const program = new Command('skewscope')
  .description('Diagnose Spark / AWS Glue jobs that run out of memory: event logs, memory per executor, stragglers, skew, failures.')
  .version(version())
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Examples:
  skewscope analyze ./spark-events/app-20240101120000-0001
  skewscope analyze ./spark-events --json > report.json
  skewscope serve --event-logs ./spark-events --port 18080`,
  );

// A reader that stops early (`skewscope analyze --json log | head`) closes stdout: the command
// has nothing more to do, and that is no error to report.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

// Commands pull in heavy modules (AWS SDK, engine, SQLite): load only the one asked for, and all
// of them only when help or an unknown command needs their descriptions.
const asked = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
for (const name of asked !== undefined && COMMANDS.includes(asked) ? [asked] : COMMANDS) {
  const command = (await import(`./cli/${name}.js`)) as { register(program: Command): void };
  command.register(program);
}

await program.parseAsync(process.argv);
