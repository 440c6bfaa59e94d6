import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { Paging, UserSummary, errors, StringEnum } from '../http/schemas.ts';
import { REVIEW_KINDS, listReviews, type ReviewKind } from './service.ts';

const Kind = Type.Unsafe<ReviewKind>({ type: 'string', enum: [...REVIEW_KINDS] });

const ReviewItem = Type.Object({
  kind: Kind,
  detail: Type.String({ description: 'Why it needs a decision, in a sentence' }),
  since: Type.String({ format: 'date-time', description: 'Since when it needs attention (for an expiring token: when it expires)' }),
  user: UserSummary,
  token: Type.Union([
    Type.Object({
      id: Type.Integer(), name: Type.String(), hint: Type.String(), kind: StringEnum(['personal', 'service']),
      expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), last_used_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  resolve: Type.Object({ method: Type.String(), path: Type.String(), description: Type.String() }, { description: 'The call that resolves it' }),
}, { title: 'ReviewItem' });

const ReviewList = Type.Object({
  items: Type.Array(ReviewItem),
  total: Type.Integer(),
  page: Type.Integer(),
  size: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Items of each kind' }),
}, { title: 'ReviewPage' });

const ReviewQuery = Type.Object({ kind: Type.Optional(Kind), ...Paging });

export function registerReviewRoutes(api: ApiInstance, { db, config }: AppContext): void {
  api.get('/reviews', {
    schema: {
      operationId: 'listReviews', tags: ['reviews'], summary: 'What needs a human decision now (users.read: Managers, Admins)',
      description: `The review queue, in this order: service users past their review date (every WARDEN_REVIEW_PERIOD_DAYS days, from the last review or creation), tokens expiring within 30 days, tokens unused for 90+ days, tokens that never expire, service users with the Admin role, personal accounts not seen for 90+ days, users holding the manager or admin role without an end date and not reviewed within the review period (a time-bound role ends by itself and needs no review). Each kind is oldest first. Token items cover service tokens for those who manage them (Admins) and the caller's own personal tokens: nobody else's PAT is ever shown. Each item says why (\`detail\`) and which call resolves it.`,
      querystring: ReviewQuery, response: { 200: ReviewList, ...errors(401, 403, 422) },
    },
  }, async (request) => {
    const { page = 1, size = 50, kind } = request.query;
    const found = await listReviews(db, contextOf(request), { reviewPeriodDays: config.reviewPeriodDays }, { kind, offset: (page - 1) * size, limit: size });
    return { ...found, page, size };
  });
}
