// Issue 3's benchmark: POST /api/authorize and GET /api/forward-auth (with action and datastore_id)
// on 10,000 users, 1,000 teams and 5,000 datastores, against a bare Fastify route in the same run.
import { measure, perDatabase } from './lib.ts';
import { seedAccessDataSet } from './seed.ts';

const ACTIONS = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];

export function benchAuthorize(): Promise<string> {
  return perDatabase(
    (db) => seedAccessDataSet(db),
    async ({ bare, server, data }) => {
      // Request i: user u = (i * 7919) mod 10,000. Four requests in five ask about a datastore u
      // reaches through a team (allowed or denied by level); the fifth about any datastore (mostly invisible: 404/403).
      const userOf = (i: number) => (i * 7919) % data.tokens.length;
      const tokenOf = (i: number) => data.tokens[userOf(i)];
      const datastoreOf = (i: number) => {
        const mine = data.reachable[userOf(i)];
        return i % 5 !== 0 && mine.length > 0 ? mine[(i * 31) % mine.length] : data.datastoreIds[(i * 104729) % data.datastoreIds.length];
      };
      return [
        await measure({ name: 'bare Fastify route (baseline)', server: bare, path: '/bare' }),
        await measure({
          name: '`POST /api/authorize` (datastore action)',
          server,
          path: '/api/authorize',
          method: 'POST',
          perRequest: (i) => ({
            headers: { authorization: `Bearer ${tokenOf(i)}`, 'content-type': 'application/json' },
            body: JSON.stringify({ action: ACTIONS[i % ACTIONS.length], datastore_id: datastoreOf(i) }),
          }),
        }),
        await measure({
          name: '`GET /api/forward-auth?action=…&datastore_id=…`',
          server,
          path: '/api/forward-auth',
          perRequest: (i) => ({
            headers: { authorization: `Bearer ${tokenOf(i)}` },
            path: `/api/forward-auth?action=${ACTIONS[i % ACTIONS.length]}&datastore_id=${datastoreOf(i)}`,
          }),
        }),
      ];
    },
  );
}
