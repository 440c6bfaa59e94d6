// Names for the shapes the console uses, all derived from the generated OpenAPI types: nothing
// here is written by hand.
import type { paths, Schemas } from '@client';

type Method = 'get' | 'post' | 'put' | 'delete';
type Success<R> = R extends { 200: { content: { 'application/json': infer T } } }
  ? T
  : R extends { 201: { content: { 'application/json': infer T } } }
    ? T
    : never;

/** The JSON a successful call of `method path` answers. */
export type Reply<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends { responses: infer R } ? Success<R> : never;
/** The JSON body `method path` takes. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
/** The query parameters of `GET path`. */
export type Query<P extends keyof paths> = paths[P]['get'] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type User = Schemas['User'];
export type Token = Schemas['Token'];
export type Team = Schemas['Team'];
export type Datastore = Schemas['Datastore'];
export type UserSummary = User['created_by'] & {};
export type Role = User['role'];
export type TokenStatus = Token['status'];
export type Info = Reply<'/api/info'>;
export type Session = Reply<'/api/auth/session'>;
export type Permissions = Reply<'/api/users/{id}/permissions'>;
export type PlatformAction = Permissions['platform_actions'][number];
export type AuditEvent = Reply<'/api/audit-events'>['items'][number];
export type AuditAction = Reply<'/api/audit-events/actions'>['items'][number];
export type ReviewItem = Reply<'/api/reviews'>['items'][number];
export type Decision = Reply<'/api/authorize', 'post'>;
export type CreatedToken = Reply<'/api/user-tokens', 'post'>;
