// Turns a decision into an error for the services. The system itself (no actor) may do anything.
import { forbidden } from '../http/errors.ts';
import { decide, restrictionRefusal, type PlatformActionName, type Subject } from './model.ts';
import type { ActionContext, Principal } from './principal.ts';

export function subjectOf(p: Pick<Principal, 'type' | 'role' | 'active' | 'credential'>): Subject {
  return { type: p.type, role: p.role, active: p.active, restriction: p.credential.kind === 'token' ? (p.credential.restriction ?? null) : null };
}

export function can(ctx: ActionContext, action: PlatformActionName): boolean {
  return ctx.actor === null || decide(subjectOf(ctx.actor), action).allowed;
}

export function requireAction(ctx: ActionContext, action: PlatformActionName): void {
  if (can(ctx, action)) return;
  const actor = ctx.actor!;
  if (decide({ ...subjectOf(actor), restriction: null }, action).allowed) {
    const why = restrictionRefusal(subjectOf(actor).restriction, action) ?? `This token is restricted and does not allow ${action}`;
    throw forbidden(`${why} (its owner could)`);
  }
  if (action === 'personal_tokens.manage' && actor.type !== 'personal') {
    throw forbidden('Service users cannot manage tokens for themselves; an Admin issues service tokens');
  }
  throw forbidden(`The ${actor.role} role does not allow ${action}`);
}
