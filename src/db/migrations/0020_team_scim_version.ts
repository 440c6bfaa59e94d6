// A version for each team's SCIM representation (issue 24): the ETag of a Group is made of it, so
// that a lookup such as `GET /Groups?filter=displayName eq "…"&excludedAttributes=members` no
// longer reads every member to hash them. The database keeps it: triggers bump it, in the
// statement that makes the change, whenever something the Group shows changes —
// - the team's name (displayName),
// - what SCIM keeps beside the team (scim_groups: externalId, the members' displays as sent),
// - its memberships (team_members: who is in it),
// - a member's provisioning record (scim_users: userName and displayName, which a member's display
//   falls back to, and whether the user is attached at all — only attached users are members
//   in SCIM; a record inserted for an account that already is in teams attaches it).
// Triggers rather than a bump at each write site: every write path (the teams service, the
// membership expiry job, SCIM users and groups, directory mappings, any later one) is covered, and
// a bump costs no round trip. PostgreSQL bumps once per statement and team (statement triggers
// with transition tables) where a statement may touch many rows; SQLite, which has row triggers
// only, once per row (each an indexed update in the same process). Spurious bumps (a change that
// left the representation as it was) are harmless: the ETag is only ever too fresh, never stale.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connection.ts';

const BUMP = 'update teams set scim_version = scim_version + 1';

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('teams').addColumn('scim_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  const statements = dialect === 'postgres' ? postgres() : sqlite();
  for (const s of statements) await sql.raw(s).execute(db);
}

function sqlite(): string[] {
  return [
    `create trigger teams_scim_version_name after update of name on teams when old.name is not new.name
     begin ${BUMP} where id = new.id; end`,
    `create trigger scim_groups_scim_version_insert after insert on scim_groups
     begin ${BUMP} where id = new.team_id; end`,
    `create trigger scim_groups_scim_version_update after update on scim_groups
     when old.team_id is not new.team_id or old.external_id is not new.external_id or old.member_displays is not new.member_displays
     begin ${BUMP} where id in (old.team_id, new.team_id); end`,
    `create trigger scim_groups_scim_version_delete after delete on scim_groups
     begin ${BUMP} where id = old.team_id; end`,
    `create trigger team_members_scim_version_insert after insert on team_members
     begin ${BUMP} where id = new.team_id; end`,
    `create trigger team_members_scim_version_update after update of team_id, user_id on team_members
     when old.team_id is not new.team_id or old.user_id is not new.user_id
     begin ${BUMP} where id in (old.team_id, new.team_id); end`,
    `create trigger team_members_scim_version_delete after delete on team_members
     begin ${BUMP} where id = old.team_id; end`,
    `create trigger scim_users_scim_version_insert after insert on scim_users
     begin ${BUMP} where id in (select team_id from team_members where user_id = new.user_id); end`,
    `create trigger scim_users_scim_version_update after update of user_id, user_name, display_name, detached_at on scim_users
     when old.user_id is not new.user_id or old.user_name is not new.user_name or old.display_name is not new.display_name or old.detached_at is not new.detached_at
     begin ${BUMP} where id in (select team_id from team_members where user_id in (old.user_id, new.user_id)); end`,
    `create trigger scim_users_scim_version_delete after delete on scim_users
     begin ${BUMP} where id in (select team_id from team_members where user_id = old.user_id); end`,
  ];
}

function postgres(): string[] {
  return [
    // the name: in the row itself, before it is written
    `create function warden_teams_scim_version() returns trigger language plpgsql as $$
     begin new.scim_version := old.scim_version + 1; return new; end $$`,
    `create trigger teams_scim_version_name before update of name on teams for each row
     when (old.name is distinct from new.name) execute function warden_teams_scim_version()`,
    // scim_groups: one row per statement (an upsert)
    `create function warden_scim_groups_scim_version() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE' then ${BUMP} where id = old.team_id; return old; end if;
       if tg_op = 'UPDATE' then ${BUMP} where id in (old.team_id, new.team_id); else ${BUMP} where id = new.team_id; end if;
       return new;
     end $$`,
    `create trigger scim_groups_scim_version_insert after insert or delete on scim_groups for each row execute function warden_scim_groups_scim_version()`,
    `create trigger scim_groups_scim_version_update after update on scim_groups for each row
     when (old.team_id is distinct from new.team_id or old.external_id is distinct from new.external_id or old.member_displays is distinct from new.member_displays)
     execute function warden_scim_groups_scim_version()`,
    // team_members: a statement may add or remove thousands of members; each team is bumped once
    `create function warden_team_members_scim_version() returns trigger language plpgsql as $$
     begin
       if tg_op = 'INSERT' then ${BUMP} where id in (select team_id from new_rows);
       elsif tg_op = 'DELETE' then ${BUMP} where id in (select team_id from old_rows);
       else ${BUMP} where id in (
         select team_id from (select team_id, user_id from old_rows except select team_id, user_id from new_rows) a
         union select team_id from (select team_id, user_id from new_rows except select team_id, user_id from old_rows) b);
       end if;
       return null;
     end $$`,
    `create trigger team_members_scim_version_insert after insert on team_members referencing new table as new_rows
     for each statement execute function warden_team_members_scim_version()`,
    `create trigger team_members_scim_version_update after update on team_members referencing old table as old_rows new table as new_rows
     for each statement execute function warden_team_members_scim_version()`,
    `create trigger team_members_scim_version_delete after delete on team_members referencing old table as old_rows
     for each statement execute function warden_team_members_scim_version()`,
    // scim_users: inserted and deleted in statements of many rows (a batch of creates); updated one at a time
    `create function warden_scim_users_scim_version() returns trigger language plpgsql as $$
     begin
       if tg_op = 'INSERT' then ${BUMP} where id in (select m.team_id from team_members m join new_rows n on n.user_id = m.user_id);
       elsif tg_op = 'DELETE' then ${BUMP} where id in (select m.team_id from team_members m join old_rows o on o.user_id = m.user_id);
       else ${BUMP} where id in (select team_id from team_members where user_id in (old.user_id, new.user_id)); return new;
       end if;
       return null;
     end $$`,
    `create trigger scim_users_scim_version_insert after insert on scim_users referencing new table as new_rows
     for each statement execute function warden_scim_users_scim_version()`,
    `create trigger scim_users_scim_version_delete after delete on scim_users referencing old table as old_rows
     for each statement execute function warden_scim_users_scim_version()`,
    `create trigger scim_users_scim_version_update after update of user_id, user_name, display_name, detached_at on scim_users for each row
     when (old.user_id is distinct from new.user_id or old.user_name is distinct from new.user_name or old.display_name is distinct from new.display_name or old.detached_at is distinct from new.detached_at)
     execute function warden_scim_users_scim_version()`,
  ];
}
