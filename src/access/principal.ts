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
}

/** The time an action is decided at. */
export function nowOf(ctx: ActionContext): number {
  return ctx.now ?? Date.now();
}

export const SYSTEM_CONTEXT: ActionContext = { actor: null, requestId: null, ip: null };
