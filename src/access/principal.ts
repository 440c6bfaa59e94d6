// Who is acting, and with which credential. Built by the auth plugin for each request
// (or by the CLI for `system` actions); services take it as their actor.
import type { Role, TokenRestriction } from './model.ts';

/**
 * The credential a principal authenticated with. `hint` is what the audit log names it by: a
 * token's display hint (`wdn_pat_AbCd…`, never the secret), a session's fingerprint (never its id,
 * which is the secret of the cookie). Built once per cached token / per session lookup.
 */
export type Credential =
  | { kind: 'token'; tokenId: number; scope: 'all' | 'scim'; restriction?: TokenRestriction | null; hint?: string }
  | { kind: 'session'; sessionId: number; hint?: string };

/**
 * The credential an audit event names (issue 21 §3): a token (`token`; `scim` for a SCIM-only
 * token) by its id and display hint; a console session by its id and fingerprint (a hash of the
 * stored hash: it cannot be replayed and is not the sessions table's lookup key); `system` for
 * Warden's own work (the scheduler, workers, `warden bootstrap`), its hint naming which; `directory`
 * for changes that the identity provider's data made at sign-in.
 */
export interface AuditCredential {
  kind: 'token' | 'session' | 'scim' | 'system' | 'directory';
  id: number | null;
  hint: string | null;
}

export interface Principal {
  id: number;
  userId: string;
  type: 'personal' | 'service';
  name: string;
  email: string | null;
  role: Role;
  active: boolean;
  credential: Credential;
}

/** The context every mutation is audited with. `actor` null means the system itself. */
export interface ActionContext {
  actor: Principal | null;
  requestId: string | null;
  ip: string | null;
  /** The time the action is decided at (ms); absent: the system clock. Time-bound access compares with it. */
  now?: number;
  /** The credential audited; absent: the actor's (credentialOf), or `system` without an actor. */
  credential?: AuditCredential;
  /** The directory acts (group sync at sign-in, SCIM role mappings): audited with actor `directory`, actor null. */
  actorKind?: 'directory';
}

/** The time an action is decided at. */
export function nowOf(ctx: ActionContext): number {
  return ctx.now ?? Date.now();
}

export const SYSTEM_CONTEXT: ActionContext = { actor: null, requestId: null, ip: null };

/** The context of Warden's own work, its credential naming the part that acts (`scheduler`, `exposure-worker`, …). */
export function systemContext(component: string, now?: number): ActionContext {
  return { actor: null, requestId: null, ip: null, credential: { kind: 'system', id: null, hint: component }, ...(now === undefined ? {} : { now }) };
}

const SYSTEM_CREDENTIAL: AuditCredential = Object.freeze({ kind: 'system', id: null, hint: null }) as AuditCredential;

/** The credential an action is audited with: the context's own, else the actor's, else the system's. */
export function credentialOf(ctx: ActionContext): AuditCredential {
  if (ctx.credential) return ctx.credential;
  const c = ctx.actor?.credential;
  if (!c) return SYSTEM_CREDENTIAL;
  if (c.kind === 'token') return { kind: c.scope === 'scim' ? 'scim' : 'token', id: c.tokenId, hint: c.hint ?? null };
  return { kind: 'session', id: c.sessionId, hint: c.hint ?? null };
}

/** The directory as the actor of what its groups decide (issue 21), on the request that carried them; its credential is the directory's. */
export function directoryContext(requestId: string | null, ip: string | null, now?: number): ActionContext {
  return { actor: null, requestId, ip, actorKind: 'directory', credential: { kind: 'directory', id: null, hint: null }, ...(now === undefined ? {} : { now }) };
}
