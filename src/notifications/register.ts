// Governance's background work on every node: the dispatcher (webhooks, mail) and the scheduler.
// Started when the app is ready, stopped before it closes (and so before the database closes).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.ts';
import { Dispatcher } from './delivery.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { governanceJobs } from '../scheduler/jobs.ts';
import type { MailSender } from './email.ts';

export interface Governance {
  dispatcher: Dispatcher;
  scheduler: Scheduler;
}

declare module 'fastify' {
  interface FastifyInstance {
    governance: Governance;
  }
}

export function registerGovernance(app: FastifyInstance, ctx: AppContext, options: { mail?: MailSender | null } = {}): void {
  const dispatcher = new Dispatcher(ctx.db, ctx.config, ctx.clock, app.log, options.mail);
  const scheduler = new Scheduler(ctx.db, ctx.clock, ctx.config.notifications.schedulerIntervalSeconds, governanceJobs(ctx.config), app.log);
  app.decorate('governance', { dispatcher, scheduler });
  app.addHook('onReady', async () => {
    dispatcher.start();
    scheduler.start();
  });
  app.addHook('onClose', async () => {
    await scheduler.stop();
    await dispatcher.stop();
  });
}
