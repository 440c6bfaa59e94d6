// Who is acting, and with which credential. Built by the auth plugin for each request
// (or by the CLI for `system` actions); services take it as their actor.
import type { Role, TokenRestriction } from './model.ts';

export type Credential =
  | { kind: 'token'; tokenId: number; scope: 'all' | 'scim'; restriction?: TokenRestriction | null }
  | { kind: 'session'; sessionId: number };

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
  /** The directory acts (group sync at sign-in, SCIM role mappings): audited with actor `directory`, actor null. */
  actorKind?: 'directory';
}

/** The time an action is decided at. */
export function nowOf(ctx: ActionContext): number {
  return ctx.now ?? Date.now();
}

export const SYSTEM_CONTEXT: ActionContext = { actor: null, requestId: null, ip: null };

/** The directory as the actor of what its groups decide (issue 21), on the request that carried them. */
export function directoryContext(requestId: string | null, ip: string | null, now?: number): ActionContext {
  return { actor: null, requestId, ip, actorKind: 'directory', ...(now === undefined ? {} : { now }) };
}
