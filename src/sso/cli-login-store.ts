// Queries for the CLI login's one-time codes (see cli-login.ts for the rules).
import type { Insertable, Kysely } from 'kysely';
import type { CliLoginCodesTable, Database } from '../db/types.ts';

type Executor = Kysely<Database>;

export async function insertLoginCode(db: Executor, values: Insertable<CliLoginCodesTable>): Promise<void> {
  await db.insertInto('cli_login_codes').values(values).execute();
}

/** Marks the code used unless it already was; true when this call was the first. Atomic on both databases. */
export async function claimLoginCode(db: Executor, codeHash: string, at: string): Promise<boolean> {
  const result = await db.updateTable('cli_login_codes').set({ used_at: at }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findLoginCode(db: Executor, codeHash: string) {
  return db.selectFrom('cli_login_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/** Codes are kept an hour past their end, so that a late one is told "expired" rather than "unknown". */
export async function deleteStaleLoginCodes(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('cli_login_codes').where('expires_at', '<', before).execute();
}
