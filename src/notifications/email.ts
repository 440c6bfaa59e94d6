// Mail: who is told about an event, and what the plain, short message says. PATs concern their
// owner; service tokens and reviews the service user's owner, or the Admins when it has none.
// Every mail names the token or user, the hint, what to do, and links to the console page.
import type { Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { effectiveRoleSql } from '../users/store.ts';
import type { TokenRef, UserRef } from './events.ts';

type Executor = Kysely<Database>;

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

export interface MailSender {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Sends through the SMTP server of smtpUrl. nodemailer (about 20 MB) is loaded with the first mail,
 * not at start: most nodes send none for hours, many deployments never.
 */
export function smtpSender(smtpUrl: string, from: string, timeoutSeconds: number): MailSender {
  let transport: Promise<Transporter> | null = null;
  const transportOf = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(smtpUrl, {
        connectionTimeout: timeoutSeconds * 1000,
        greetingTimeout: timeoutSeconds * 1000,
        socketTimeout: timeoutSeconds * 1000,
      } as never)));
  return {
    async send(mail) {
      await (await transportOf()).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.body });
    },
    close: () => void transport?.then((t) => t.close(), () => {}),
  };
}

async function emailOf(db: Executor, userId: number): Promise<string | null> {
  const u = await db.selectFrom('users').select(['email', 'type', 'deactivated_at']).where('id', '=', userId).executeTakeFirst();
  return u && u.type === 'personal' && u.deactivated_at === null && u.email ? u.email : null;
}

/** Emails of the active personal Admins (roles as they are at `now`). */
async function adminEmails(db: Executor, now: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('email').where('type', '=', 'personal').where('deactivated_at', 'is', null)
    .where('email', 'is not', null).where(effectiveRoleSql(now), '=', 'admin').orderBy('id').execute();
  return rows.map((r) => r.email!);
}

/** Who answers for a service user: its owner, else every Admin. */
async function serviceRecipients(db: Executor, serviceUserId: number, now: string): Promise<string[]> {
  const su = await db.selectFrom('users').select('owner_id').where('id', '=', serviceUserId).executeTakeFirst();
  const owner = su?.owner_id ? await emailOf(db, su.owner_id) : null;
  return owner ? [owner] : adminEmails(db, now);
}

async function tokenRecipients(db: Executor, token: TokenRef, now: string): Promise<string[]> {
  if (token.kind === 'personal') {
    const email = await emailOf(db, token.user.id);
    return email ? [email] : [];
  }
  return serviceRecipients(db, token.user.id, now);
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : 'never');

function tokenPage(publicUrl: string, token: TokenRef): string {
  return token.kind === 'personal' ? `${publicUrl}/tokens` : `${publicUrl}/users/${token.user.id}`;
}

function tokenLine(token: TokenRef): string {
  return `Token: "${token.name}" (${token.hint}), ${token.kind === 'personal' ? 'your personal access token' : `service token of ${token.user.user_id}`}`;
}

/** The mails an event sends (none for most); recipients and text are decided when the event is worked out. */
export async function mailsFor(db: Executor, type: string, data: Record<string, any>, publicUrl: string, now: string): Promise<Mail[]> {
  const to = (recipients: string[], subject: string, lines: string[]) =>
    [...new Set(recipients)].map((r) => ({ to: r, subject: `Warden: ${subject}`, body: `${lines.join('\n')}\n\n-- \nWarden access management, ${publicUrl}\n` }));
  const token = data.token as TokenRef | null | undefined;
  const user = data.user as UserRef | null | undefined;
  switch (type) {
    case 'token.expiring': {
      if (!token) return [];
      return to(await tokenRecipients(db, token, now), `token "${token.name}" expires in ${data.days_left} day${data.days_left === 1 ? '' : 's'}`, [
        tokenLine(token),
        `Expires: ${token.expires_at} (in ${data.days_left} day${data.days_left === 1 ? '' : 's'}).`,
        '',
        'What to do: rotate it (a successor with the same name and scope; the old token keeps working during the overlap), update the secret where it is used, or let it expire if nothing needs it.',
        `Open: ${tokenPage(publicUrl, token)}`,
      ]);
    }
    case 'token.expired': {
      if (!token) return [];
      return to(await tokenRecipients(db, token, now), `token "${token.name}" has expired`, [
        tokenLine(token),
        `Expired: ${data.expired_at}. Requests with it are refused.`,
        '',
        'What to do: if something still needs it, issue a new token and put its secret where the old one was used.',
        `Open: ${tokenPage(publicUrl, token)}`,
      ]);
    }
    case 'token.revoked': {
      // Deliberate revocations need no mail; these happened to the owner.
      if (!token || (data.reason !== 'exposed' && data.reason !== 'unused')) return [];
      const why = data.reason === 'exposed' ? 'it was reported exposed (found where it should not be)' : 'it was unused for too long (the unused-token policy)';
      return to(await tokenRecipients(db, token, now), `token "${token.name}" was revoked`, [
        tokenLine(token),
        `Revoked because ${why}. Requests with it are refused.`,
        '',
        data.reason === 'exposed' ? 'What to do: issue a new token, put it where the old one was used, and find out how the old one leaked.' : 'What to do: if something still needs it, issue a new token.',
        `Open: ${tokenPage(publicUrl, token)}`,
      ]);
    }
    case 'token.revocation_scheduled': {
      if (!token) return [];
      return to(await tokenRecipients(db, token, now), `token "${token.name}" will be revoked on ${day(data.revoke_at)}`, [
        tokenLine(token),
        `It has not been used for ${data.unused_days} days or more; the unused-token policy revokes it on ${data.revoke_at}.`,
        '',
        'What to do: nothing, if nothing needs it. If something does, use it (any authenticated request) before then.',
        `Open: ${tokenPage(publicUrl, token)}`,
      ]);
    }
    case 'service_user.review_due': {
      if (!user) return [];
      return to(await serviceRecipients(db, user.id, now), `service user ${user.user_id} is due for review`, [
        `Service user: ${user.name} (${user.user_id})`,
        `Review due since: ${data.due_at} (last reviewed: ${data.last_reviewed_at ?? 'never'}).`,
        '',
        'What to do: check that its integration still needs it and its role, teams and tokens, then record the review (keep), or deactivate it.',
        `Open: ${publicUrl}/users/${user.id}`,
      ]);
    }
    case 'service_user.deactivation_scheduled': {
      if (!user) return [];
      return to(await serviceRecipients(db, user.id, now), `service user ${user.user_id} will be deactivated on ${day(data.deactivate_at)}`, [
        `Service user: ${user.name} (${user.user_id})`,
        `It is overdue for review; the review policy deactivates it on ${data.deactivate_at}.`,
        '',
        'What to do: record its review (keep) before then if its integration still needs it.',
        `Open: ${publicUrl}/users/${user.id}`,
      ]);
    }
    case 'access.elevation_expired': {
      if (!user || user.type !== 'personal') return [];
      const email = await emailOf(db, user.id);
      const role = data.changes?.role as { before: string; after: string } | undefined;
      return to(email ? [email] : [], role ? `your ${role.before} role has ended` : 'your time-bound team membership has ended', [
        role ? `Your ${role.before} role was time-bound and has ended: you are ${role.after} again.` : `A time-bound team membership has ended: ${data.reason ?? ''}`,
        '',
        'What to do: nothing, if the work is done. Ask an Admin if you need it again.',
        `Open: ${publicUrl}/users/${user.id}`,
      ]);
    }
    case 'webhook.disabled': {
      const hook = data.webhook as { id: number; url: string; description: string | null } | undefined;
      if (!hook) return [];
      return to(await adminEmails(db, now), `webhook ${hook.id} was switched off: its receiver failed for 24 hours`, [
        `Webhook ${hook.id}: ${hook.url}${hook.description ? ` (${hook.description})` : ''}`,
        `Every attempt to reach it has failed since ${data.failing_since} (last: ${data.last_error ?? 'unknown'}), so Warden stopped sending to it.`,
        'Nothing new is queued for it while it is off; what was waiting is tried again when it is switched on.',
        '',
        'What to do: fix the receiver (or its URL), then switch the webhook on again in the console or with `warden webhooks edit ' + hook.id + ' --enable`.',
        `Open: ${publicUrl}/webhooks?webhook=${hook.id}`,
      ]);
    }
    default:
      return [];
  }
}
