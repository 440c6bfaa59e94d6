// The floor: what the cached forward-auth cannot go below in Node. `node:http` (no framework) doing
// the same work a cached answer needs, and nothing else: the bearer token's SHA-256, one Map lookup
// for its owner (role, teams), the datastore's teams from another Map, Warden's own decide(), and
// the same status and headers Warden answers with. No log, no metrics, no database.
// FLOOR_DATA names a JSON file: { tokens: [[secret, role, [teamIndex…]]…], datastores: [[id, [teamIndex…]]…] }.
import http from 'node:http';
import fs from 'node:fs';
import { hashToken } from '../src/tokens/format.ts';
import { decide, type ActionName, type Level, type Role, type TeamGrant } from '../src/access/model.ts';

const LEVELS: Level[] = ['reporter', 'viewer', 'drafter', 'author', 'editor'];
const data = JSON.parse(fs.readFileSync(process.env.FLOOR_DATA!, 'utf8')) as { tokens: [string, Role, number[]][]; datastores: [number, number[]][] };
const owners = new Map<string, { userId: string; role: Role; teams: Set<number> }>();
for (const [i, [secret, role, teams]] of data.tokens.entries()) owners.set(hashToken(secret), { userId: `floor-user-${i}`, role, teams: new Set(teams) });
const datastores = new Map<number, TeamGrant[]>();
for (const [id, teams] of data.datastores) datastores.set(id, teams.map((t) => ({ teamId: t + 1, teamName: `team-${t}`, level: LEVELS[t % LEVELS.length] })));

const server = http.createServer((req, res) => {
  if (req.url === '/ready') return void res.end('ok');
  const url = new URL(req.url!, 'http://floor');
  const header = req.headers.authorization ?? '';
  const owner = header.startsWith('Bearer ') ? owners.get(hashToken(header.slice(7))) : undefined;
  if (!owner) {
    res.writeHead(401, { 'content-type': 'application/problem+json', 'x-warden-reason': 'unknown' }).end('{"status":401}');
    return;
  }
  const datastoreId = Number(url.searchParams.get('datastore_id'));
  const grants = (datastores.get(datastoreId) ?? []).filter((g) => owner.teams.has(g.teamId - 1));
  const decision = decide({ type: 'service', role: owner.role, active: true }, url.searchParams.get('action') as ActionName, grants, datastoreId);
  if (!decision.allowed) {
    const body = JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: `Denied: ${decision.reason}` });
    res.writeHead(403, { 'content-type': 'application/problem+json', 'x-warden-reason': decision.reason, 'cache-control': 'no-store' }).end(body);
    return;
  }
  const headers: Record<string, string> = { 'x-warden-user-id': owner.userId, 'x-warden-user-type': 'service', 'x-warden-role': decision.role, 'cache-control': 'no-store' };
  if (decision.level) headers['x-warden-level'] = decision.level;
  if (decision.team) headers['x-warden-team-id'] = String(decision.team.id);
  res.writeHead(200, headers).end();
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
