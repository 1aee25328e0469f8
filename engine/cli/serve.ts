// `skewscope serve --event-logs DIR`: Spark History Server REST paths over every log under DIR.
import type { Command } from 'commander';
import { startServe } from '../../src-main/serve.js';
import { failAndExit, UsageError } from './fail.js';
import { addAwsOptions, awsSettingsFrom, type AwsCliOptions } from '../aws/aws-cli-options.js';
import { setDefaultAwsSettings } from '../aws/default-settings.js';

export function register(program: Command): void {
  const command = program
    .command('serve')
    .description('Serve the applications under a folder with Spark History Server REST paths (/api/v1/...)')
    .requiredOption('--event-logs <dir>', 'folder (or file) of Spark event logs to load')
    .option('--port <n>', 'port to listen on (0 = any free port)', '18080')
    .option('--host <host>', 'address to bind; any non-loopback address requires an access token', '127.0.0.1')
    .addHelpText('after', '\nExample:\n  skewscope serve --event-logs ./spark-events --port 18080\n  skewscope serve --event-logs s3://my-bucket/sparkHistoryLogs/ --profile prod\n  curl http://127.0.0.1:18080/api/v1/applications');
  addAwsOptions(command)
    .action(async (opts: { eventLogs: string; port: string; host: string } & AwsCliOptions) => {
      setDefaultAwsSettings(awsSettingsFrom(opts));
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) failAndExit(new UsageError(`--port must be a number from 0 to 65535, not "${opts.port}"`));
      try {
        const { server, catalog, warnings } = await startServe({ eventLogs: opts.eventLogs, host: opts.host, port });
        for (const w of warnings) process.stderr.write(`warning: ${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}\n`);
        const apps = new Set(catalog.runs().map((r) => r.application.id)).size;
        const query = server.token ? `?token=${server.token}` : '';
        process.stdout.write(`Serving ${apps} application(s) from ${opts.eventLogs}\n  ${server.url}/api/v1/applications${query}\n`);
        if (server.token) process.stdout.write(`Access token (also accepted as "Authorization: Bearer <token>"): ${server.token}\n`);
        const stop = () => void server.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'EADDRINUSE') failAndExit(new UsageError(`port ${port} on ${opts.host} is already in use; pass another --port (0 picks a free one)`));
        if (code === 'EADDRNOTAVAIL') failAndExit(new UsageError(`${opts.host} is not an address of this machine; pass --host 127.0.0.1 or one of its addresses`));
        failAndExit(err);
      }
    });
}
