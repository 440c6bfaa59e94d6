import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db, DialectName } from './connection.ts';
import * as core from './migrations/0001_core.ts';
import * as teamsDatastores from './migrations/0002_teams_datastores.ts';
import * as sso from './migrations/0003_sso.ts';
import * as scim from './migrations/0004_scim.ts';
import * as ssoEmailVerified from './migrations/0005_sso_email_verified.ts';
import * as nameKeys from './migrations/0006_name_keys.ts';
import * as cliLoginCodes from './migrations/0007_cli_login_codes.ts';
import * as tokenLifecycle from './migrations/0008_token_lifecycle.ts';
import * as timeBoundAccess from './migrations/0009_time_bound_access.ts';
import * as notifications from './migrations/0010_notifications.ts';
import * as auditChain from './migrations/0011_audit_chain.ts';
import * as reviewDates from './migrations/0012_review_dates.ts';
import * as webhookHealth from './migrations/0013_webhook_health.ts';
import * as exposureReports from './migrations/0014_exposure_reports.ts';
import * as workloadIdentities from './migrations/0015_workload_identities.ts';
import * as directoryMappings from './migrations/0016_directory_mappings.ts';
import * as auditCredential from './migrations/0017_audit_credential.ts';
import * as scimLookupIndexes from './migrations/0018_scim_lookup_indexes.ts';
import * as teamMaintainersByUser from './migrations/0019_team_maintainers_by_user.ts';
import * as teamScimVersion from './migrations/0020_team_scim_version.ts';

type DialectMigration = { up(db: Db['kysely'], dialect: DialectName): Promise<void> };

// Add a migration: a new file in migrations/, then one line here. Names sort in order of application.
const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_core': core,
  '0002_teams_datastores': teamsDatastores,
  '0003_sso': sso,
  '0004_scim': scim,
  '0005_sso_email_verified': ssoEmailVerified,
  '0006_name_keys': nameKeys,
  '0007_cli_login_codes': cliLoginCodes,
  '0008_token_lifecycle': tokenLifecycle,
  '0009_time_bound_access': timeBoundAccess,
  '0010_notifications': notifications,
  '0011_audit_chain': auditChain,
  '0012_review_dates': reviewDates,
  '0013_webhook_health': webhookHealth,
  '0014_exposure_reports': exposureReports,
  '0015_workload_identities': workloadIdentities,
  '0016_directory_mappings': directoryMappings,
  '0017_audit_credential': auditCredential,
  '0018_scim_lookup_indexes': scimLookupIndexes,
  '0019_team_maintainers_by_user': teamMaintainersByUser,
  '0020_team_scim_version': teamScimVersion,
};

class StaticProvider implements MigrationProvider {
  dialect: DialectName;
  constructor(dialect: DialectName) {
    this.dialect = dialect;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => m.up(db as Db['kysely'], this.dialect) };
    }
    return out;
  }
}

/**
 * Applies pending migrations (up to and including `until`, for tests of a migration; default all);
 * returns the names applied. Safe to run from several processes at once.
 */
export async function migrateToLatest(db: Db, until?: string): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.dialect) });
  const { error, results } = until === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(until);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this version of Warden has that the database has not applied yet, in order. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: new StaticProvider(db.dialect) });
  const known = await migrator.getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Why `serve` with WARDEN_MIGRATE=off refuses a database: one line, naming the step that fixes it. */
export class SchemaBehindError extends Error {
  pending: string[];
  constructor(pending: string[]) {
    super(
      `the database schema is older than this Warden needs (${pending.length} migration${pending.length === 1 ? '' : 's'} pending, from ${pending[0]}); ` +
        'WARDEN_MIGRATE=off, so run `warden migrate` first (or set WARDEN_MIGRATE=auto)',
    );
    this.pending = pending;
  }
}

/** What `serve` does with the schema at start: migrate (auto), or only check that nothing is pending (off). */
export async function prepareSchema(db: Db, mode: 'auto' | 'off'): Promise<void> {
  if (mode === 'auto') {
    await migrateToLatest(db);
    return;
  }
  const pending = await pendingMigrations(db);
  if (pending.length > 0) throw new SchemaBehindError(pending);
}
