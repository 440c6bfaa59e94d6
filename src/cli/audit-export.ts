// `warden audit export`: the audit log as NDJSON on stdout, streamed from the server as it comes
// (constant memory at both ends), for a SIEM or an auditor; each line carries its chain hashes.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from '@commander-js/extra-typings';
import { call } from './http.ts';
import { connect } from './refs.ts';
import { URL_OPTION, positiveInt, run } from './run.ts';
import { parseTime } from './times.ts';

export function registerAuditExportCommand(audit: Command<any, any, any>): void {
  audit
    .command('export')
    .description('the audit log as NDJSON on stdout, oldest first, streamed (Admin); each line has its chain hashes')
    .option('--since <time>', 'from this time on (ISO, or back from now: 30m, 2h, 7d)', (v) => parseTime(v))
    .option('--until <time>', 'before this time (ISO, or back from now)', (v) => parseTime(v))
    .option('--action <action>', 'one action, e.g. token.revoked')
    .option('--after-id <id>', 'only events after this id (resume where the last export ended)', positiveInt('--after-id'))
    .option(...URL_OPTION)
    .action(run(async (opts) => {
      const api = connect(opts);
      const query = { since: opts.since, until: opts.until, action: opts.action, after_id: opts.afterId };
      const { response } = await call(api.target, api.client.GET('/api/audit-events/export', { params: { query }, parseAs: 'stream' }));
      if (!response.body) return;
      await pipeline(Readable.fromWeb(response.body as never), process.stdout);
    }));
}
