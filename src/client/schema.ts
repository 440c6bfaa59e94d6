// Generated from Warden's OpenAPI document by src/client/generate.ts (npm run client:generate).
// Do not edit by hand: change the route schemas, then regenerate.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is up
         * @description Liveness: answers 200 as long as the process serves HTTP, whatever the database. For a container's liveness probe.
         */
        get: operations["checkLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The database is reachable
         * @description Readiness: 200 when the database answers, 503 (problem+json) when it does not. For a load balancer or a readiness probe.
         */
        get: operations["checkReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OAuth 2.0 authorization server metadata (RFC 8414)
         * @description Describes POST /api/oauth/token: its grants, client authentication and the scopes (actions) a token can be narrowed to.
         */
        get: operations["getOAuthMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access/v1/evaluation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * AuthZEN 1.0 access evaluation
         * @description May the subject take the action on the resource? Warden's own decision (the one `POST /api/authorize` makes for a user), in AuthZEN 1.0 shape. Subject `{type: "user", id: <user_id>}`, action `{name: <catalog action>}`, resource `{type: "datastore", id: "<id>"}` or `{type: "platform", id: "warden"}`. The answer's `context` carries Warden's `reason`, `role`, `level` and `team`; an unknown user or datastore is `{decision: false, context: {error: {status: 404, message}}}`. The caller needs `decisions.evaluate` (Admins have it; give a PEP a service token narrowed to it), else 403. A request the model cannot map (missing subject/action/resource, an unknown action, a subject type other than "user", a resource type other than "datastore"/"platform", a datastore action on the platform) is 400.
         */
        post: operations["evaluateAccess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access/v1/evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * AuthZEN 1.0 access evaluations (boxcarred)
         * @description Several evaluations in one request, answered in order. Top-level `subject`, `action`, `resource` and `context` are defaults each evaluation may override. `options.evaluations_semantic`: `execute_all` (default), `deny_on_first_deny` (stops after the first denial), `permit_on_first_permit` (stops after the first permit). An evaluation Warden cannot answer is a closed decision whose `context.error` says why (400 or 404); one left without subject, action or resource makes the whole request 400. Without `evaluations` it answers like a single evaluation. The caller needs `decisions.evaluate` (Admins have it; give a PEP a service token narrowed to it), else 403. A request the model cannot map (missing subject/action/resource, an unknown action, a subject type other than "user", a resource type other than "datastore"/"platform", a datastore action on the platform) is 400.
         */
        post: operations["evaluateAccessBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access/v1/search/subject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * AuthZEN 1.0 subject search: who may take this action on this datastore
         * @description The users (`{type: "user", id: <user_id>}`) whose evaluation of the action on the resource is a permit. Paged as AuthZEN says: `page: {limit}` (default 100, at most 1000) and `page: {token: <next_token>}` with the rest of the request unchanged (else 400); `page.next_token` in the answer is empty on the last page. The caller needs `decisions.evaluate` (Admins have it; give a PEP a service token narrowed to it), else 403. A request the model cannot map (missing subject/action/resource, an unknown action, a subject type other than "user", a resource type other than "datastore"/"platform", a datastore action on the platform) is 400.
         */
        post: operations["searchSubjects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access/v1/search/resource": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * AuthZEN 1.0 resource search: on which datastores may this user take this action
         * @description The datastores (`{type: "datastore", id}`) on which the subject's evaluation of the action is a permit; with `resource.type: "platform"` and a platform action, `[{type: "platform", id: "warden"}]` or nothing. An unknown user gets no results. Paged as AuthZEN says: `page: {limit}` (default 100, at most 1000) and `page: {token: <next_token>}` with the rest of the request unchanged (else 400); `page.next_token` in the answer is empty on the last page. The caller needs `decisions.evaluate` (Admins have it; give a PEP a service token narrowed to it), else 403. A request the model cannot map (missing subject/action/resource, an unknown action, a subject type other than "user", a resource type other than "datastore"/"platform", a datastore action on the platform) is 400.
         */
        post: operations["searchResources"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/access/v1/search/action": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * AuthZEN 1.0 action search: what may this user do on this datastore
         * @description The catalog actions of the resource's kind (datastore actions on a datastore, platform actions on the platform) the subject may take. An unknown user or datastore gets no results. Paged as AuthZEN says: `page: {limit}` (default 100, at most 1000) and `page: {token: <next_token>}` with the rest of the request unchanged (else 400); `page.next_token` in the answer is empty on the last page. The caller needs `decisions.evaluate` (Admins have it; give a PEP a service token narrowed to it), else 403. A request the model cannot map (missing subject/action/resource, an unknown action, a subject type other than "user", a resource type other than "datastore"/"platform", a datastore action on the platform) is 400.
         */
        post: operations["searchActions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/authzen-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * AuthZEN 1.0 PDP metadata
         * @description The Policy Decision Point metadata: its identifier (`WARDEN_PUBLIC_URL`) and the URL of each endpoint. Public.
         */
        get: operations["getAuthzenConfiguration"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This instance: version, clock, sign-in and token settings
         * @description Public: what a client needs before and after signing in (version, the server's clock, whether SSO is on, the token lifetimes to offer, the review period). `database` is shown only to an authenticated caller.
         */
        get: operations["getInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users (users.read)
         * @description Personal accounts and service users, one page at a time, filtered by type, role, team, active and a text query, sorted by name, user_id, role, created_at or last_active_at. Needs users.read (Manager, Admin).
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a service user (Admin)
         * @description The user_id is derived from the name: `Pipeline Automation` → `pipeline_automation@service`. 409 when it exists; 422 when nothing is left of the name. A reason is required for the manager and admin roles.
         */
        post: operations["createServiceUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller
         * @description The user the credential belongs to: a personal account for a personal token or session, the service user for a service token.
         */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/service-user-id": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user_id a service user name would get, and whether it is free (Admin)
         * @description The same rules as POST /api/users: `Pipeline Automation` → `pipeline_automation@service`. `detail` says why a name cannot be used.
         */
        get: operations["previewServiceUserId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One user (users.read, or oneself)
         * @description One user by numeric id, user_id or `me`. Needs users.read unless it is the caller; a user the caller may not see answers 404.
         */
        get: operations["getUser"];
        /**
         * Change role, teams, owner or purpose (Admin)
         * @description A reason is required when the new role is manager or admin. With `until`, the role is time-bound: at that instant the role held before returns by itself (requests are decided with it from that instant on; a job later writes the reversion, audited as access.elevation_expired with actor system). Nobody changes their own role or teams (403); the last active Admin that stays Admin (one without an end) cannot be demoted (409).
         */
        put: operations["updateUser"];
        post?: never;
        /**
         * Deactivate a user (Admin); the account is kept
         * @description The reason may come in a JSON body or as ?reason=. Tokens and sessions of the user stop working at once; reactivation brings back what was neither revoked nor expired.
         */
        delete: operations["deactivateUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reactivate a user, role and teams intact (Admin)
         * @description The answer lists `restored_tokens`: the tokens that work again (those that were live at deactivation and have neither been revoked nor expired since).
         */
        post: operations["reactivateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a review: keep, or deactivate (Admin)
         * @description Records who reviewed, when and why (`note`), and sets `last_reviewed_at`. `decision: "deactivate"` deactivates the user in the same transaction (the last Admin that stays Admin cannot be: 409). A body with only `note` is a keep.
         */
        post: operations["reviewUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your own personal access tokens
         * @description The caller's own personal access tokens, active, expired and revoked, newest first. The secret is never listed: it is shown once, when the token is issued.
         */
        get: operations["listTokens"];
        put?: never;
        /**
         * Issue a token: your own PAT, or (Admin, with user_id) a service token
         * @description The secret is in the `token` field of this answer and nowhere else, ever. Service users cannot issue tokens for themselves. Made with a narrowed token, the new token is never wider than it: each restriction left out is inherited from it, and asking for more actions, datastores, networks or a later expiry is 403 `forbidden/wider-than-credential` with `errors[0].path` naming the field.
         */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tokens/service": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every service token (Admin)
         * @description The tokens of service users, optionally of one service user (`user_id`: numeric id or user_id string). Admin only.
         */
        get: operations["listServiceTokens"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tokens/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The token this request is authenticated with
         * @description For a CLI or pipeline to learn its own token's name, expiry and id (e.g. to revoke it at logout). 404 when the request is signed in with a console session.
         */
        get: operations["getCurrentToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One token (its owner; Admins for service tokens)
         * @description One token, without its secret. Its owner sees a personal token; Admins see service tokens. A token the caller may not see answers 404.
         */
        get: operations["getToken"];
        /**
         * Revoke or restore a token
         * @description Takes effect on the very next request on every node. An expired token cannot be restored (409).
         */
        put: operations["updateToken"];
        post?: never;
        /**
         * Delete a revoked token (two-step deletion)
         * @description Removes a token from the lists once it is revoked (revoke first with PUT `{"revoked": true}`: 409 otherwise). Its audit events stay.
         */
        delete: operations["deleteToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tokens/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a token: a successor now, the old one ending after an overlap
         * @description Who may: as for revoke (the owner of a personal token; an Admin for a service token). In one transaction a new token is issued with the same owner, name, scope and restrictions; the old one keeps working (and its last use keeps being recorded) until `overlap_hours` from now (default 24, 0 = at once, at most 720), then answers 401 "The token has expired" with `expiry_reason: rotated`. The successor's lifetime is `expires_in_days`, else the old token's, within the instance's cap. Both link to each other (`rotated_from`, `rotated_to`). A token rotated once answers 409 naming its successor; nothing is revoked behind your back. The secret is in `successor.token`, shown once. Made with a narrowed token: only a token within its narrowing rotates (403 `forbidden/wider-than-credential` naming the field otherwise), and the successor expires no later than that token (without `expires_in_days` it is brought forward to it; a later one is 403 naming `expires_in_days`).
         */
        post: operations["rotateToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/credentials/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report leaked tokens: each active one is revoked within a second (no credential)
         * @description For secret scanners and anyone who finds a Warden token where it should not be. Send up to 1000 strings; every well-formed, known, active token among them is revoked within a second (`revoked_reason: exposed`, `exposed_at` the time of the report), audited with actor `system` and the reporter's address, and its owner told. The report is stored before the answer and acted on after it, so the answer takes as long whatever was sent. Always 202 with the same body: nothing says which strings were tokens. Malformed strings are ignored and never logged. An authenticated call is refused (403), so that nobody mistakes it for an API call. Rate limited per client address (WARDEN_EXPOSURE_REPORT_LIMIT per hour, then 429).
         */
        post: operations["reportExposedCredentials"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit-events/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Walk the audit log's hash chain and report the first event that does not match (Admin)
         * @description Each event stores SHA-256 over its canonical content and the previous event's hash. An edited event fails its own hash, a deleted one breaks the link of the next, one inserted directly has no hash or no link. `head` is the last good event: compare it with a copy kept elsewhere to detect a rewrite of the whole chain.
         */
        get: operations["verifyAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit-events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log as NDJSON, oldest first, streamed (audit.read: Admin)
         * @description One JSON object per line: the event as GET /api/audit-events shows it, plus `prev_hash` and `hash` (its place in the chain). Streamed in constant memory, for SIEMs; resume with `after_id` = the last id received.
         */
        get: operations["exportAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit-events/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every action the audit log records (audit.read: Admin)
         * @description The action names the audit log records (`user.created`, `token.revoked`…), for the `action` filter of GET /api/audit-events and the export.
         */
        get: operations["listAuditActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first (audit.read: Admin)
         * @description Audit events, newest first, one page at a time, filtered by actor, target, action and a time range. Each event names who did what to what, with the changes before and after and the reason given.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List teams, by name (teams.read: Manager, Admin)
         * @description Teams by name, one page at a time, with their members and datastores; `q` matches name or description.
         */
        get: operations["listTeams"];
        put?: never;
        /**
         * Create a team (teams.manage: Admin)
         * @description Names are unique regardless of case (409). Every member gets the team's level on every datastore of the team. Nobody adds themselves (403).
         */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One team (teams.read: Manager, Admin)
         * @description One team with its members (and when each membership ends) and the datastores it reaches at its level.
         */
        get: operations["getTeam"];
        /**
         * Change a team (teams.manage: Admin)
         * @description Fields left out stay as they are; `user_ids` and `datastore_ids` replace the lists. The Public team cannot be renamed and its membership cannot be edited (409, also for an empty `user_ids`); its level, description and datastores can be set. Changes apply on the next request.
         */
        put: operations["updateTeam"];
        post?: never;
        /**
         * Delete a team (teams.manage: Admin)
         * @description Its memberships and datastore assignments go with it; its history stays readable. The Public team cannot be deleted (409).
         */
        delete: operations["deleteTeam"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}/member-candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find people to add to a team (Admin, or a maintainer of the team)
         * @description For whoever may add members (the same decision as adding one: an Admin, or with WARDEN_TEAM_MAINTAINERS=on a maintainer of the team, whatever their role): active users who are not members, other than the caller, whose name or email (or a service user's user_id) holds `q`, by name, at most `limit`. Only id, user_id, name, email and type; `q` of at least 2 characters (422), so that it finds people rather than lists the directory. 404 for no such team, 403 for someone who may not change its members, 409 for the Public team.
         */
        get: operations["listTeamMemberCandidates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a member to a team (Admin, or a maintainer of the team)
         * @description A permanent membership. With WARDEN_TEAM_MAINTAINERS=on a maintainer of the team may add members; nobody adds themselves (403). Audited as team.updated with the actor.
         */
        post: operations["addTeamMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member from a team (Admin, or a maintainer of the team)
         * @description Their maintainership of the team goes with it. Nobody removes themselves (403); 404 when not a member.
         */
        delete: operations["removeTeamMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}/maintainers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a member a maintainer of the team (Admin, or a maintainer)
         * @description Needs WARDEN_TEAM_MAINTAINERS=on (else 409). The user must be a member (422). A maintainer, whatever their role, may then add and remove the team's members and maintainers, nothing else. Audited as team.maintainer_added.
         */
        post: operations["addTeamMaintainer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}/maintainers/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unmake a maintainer of the team (Admin, or another maintainer)
         * @description They stay a member. Needs WARDEN_TEAM_MAINTAINERS=on (else 409); 404 when not a maintainer. Audited as team.maintainer_removed.
         */
        delete: operations["removeTeamMaintainer"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/teams/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every change of a team, newest first (teams.read)
         * @description The team's own audit events (created, updated, deleted, with before/after) and the user and datastore events that put something in it or took it out (their `team_ids` change). Also for a deleted team.
         */
        get: operations["getTeamHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/directory-mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List directory mappings (Admin)
         * @description Every mapping from a directory group (name or IdP group id) to a team or a role, by group. Applied at OIDC sign-in (WARDEN_OIDC_GROUP_SYNC) and, for roles, to SCIM group membership.
         */
        get: operations["listDirectoryMappings"];
        put?: never;
        /**
         * Map a directory group to a team or a role (Admin)
         * @description `{"group": "Data Engineers", "team_id": 3}` or `{"group": "Warden Admins", "role": "admin", "reason": "…"}`. Groups are matched without case; an IdP group id works the same way. A role mapping needs a reason (422). The same group mapped twice to the same team or role is 409. Audited.
         */
        post: operations["createDirectoryMapping"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/directory-mappings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a directory mapping (Admin)
         * @description Takes effect at the next sign-in or SCIM change of each person: nothing is taken away now. Audited.
         */
        delete: operations["deleteDirectoryMapping"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datastores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the datastores the caller can see, by name
         * @description A member sees only the datastores a team of theirs reaches (the Public team included); any other id answers 404, never 403. Managers and Admins see every registry entry.
         */
        get: operations["listDatastores"];
        put?: never;
        /**
         * Register a datastore (datastores.create: Manager, Admin)
         * @description Names are unique regardless of case (409). Without `team_ids` no team reaches it yet (default-deny); `team_ids` needs teams.manage (Admin), as does editing a team's `datastore_ids`.
         */
        post: operations["createDatastore"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/datastores/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One datastore
         * @description A member sees only the datastores a team of theirs reaches (the Public team included); any other id answers 404, never 403. Managers and Admins see every registry entry.
         */
        get: operations["getDatastore"];
        /**
         * Change a datastore (datastore.manage: the editor level through a team, or Admin)
         * @description Fields left out stay as they are. `team_ids` needs teams.manage (Admin). A member sees only the datastores a team of theirs reaches (the Public team included); any other id answers 404, never 403. Managers and Admins see every registry entry.
         */
        put: operations["updateDatastore"];
        post?: never;
        /**
         * Delete a datastore (datastores.delete: Admin)
         * @description It leaves every team that held it. A member sees only the datastores a team of theirs reaches (the Public team included); any other id answers 404, never 403. Managers and Admins see every registry entry.
         */
        delete: operations["deleteDatastore"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * May this user take this action (on this datastore)?
         * @description Decides for the caller, or with `user_id` for another user (the caller needs users.read). Unknown action or a datastore action without `datastore_id`: 422. A datastore that does not exist, or that a member deciding for themselves reaches through no team: 404. The reply names the reason and, for datastore actions, the effective level and the team granting it. The action catalog:
         *
         *     | action | kind | needs |
         *     |---|---|---|
         *     | `users.read` | platform | role manager+ |
         *     | `users.manage` | platform | role admin+ |
         *     | `service_users.manage` | platform | role admin+ |
         *     | `service_tokens.manage` | platform | role admin+ |
         *     | `teams.read` | platform | role manager+ |
         *     | `teams.manage` | platform | role admin+ |
         *     | `datastores.create` | platform | role manager+ |
         *     | `datastores.delete` | platform | role admin+ |
         *     | `connections.read` | platform | role member+ |
         *     | `connections.manage` | platform | role manager+ |
         *     | `tags.read` | platform | role member+ |
         *     | `tags.manage` | platform | role manager+ |
         *     | `notifications.read` | platform | role member+ |
         *     | `notifications.manage` | platform | role manager+ |
         *     | `library.read` | platform | role member+ |
         *     | `library.manage` | platform | role manager+ |
         *     | `integrations.manage` | platform | role manager+ |
         *     | `flows.manage` | platform | role manager+ |
         *     | `datastore_groups.manage` | platform | role manager+ |
         *     | `health.read` | platform | role manager+ |
         *     | `settings.manage` | platform | role admin+ |
         *     | `audit.read` | platform | role admin+ |
         *     | `decisions.evaluate` | platform | role admin+ |
         *     | `tokens.introspect` | platform | role admin+ |
         *     | `personal_tokens.manage` | platform | role member+ (personal accounts only) |
         *     | `engine.restart` | platform | role admin+ |
         *     | `datastore.read` | datastore | level reporter+ (enrichment datastore: viewer+) |
         *     | `datastore.preview` | datastore | level viewer+ |
         *     | `anomalies.comment` | datastore | level viewer+ |
         *     | `checks.draft` | datastore | level drafter+ |
         *     | `checks.manage` | datastore | level author+ |
         *     | `anomalies.manage` | datastore | level author+ |
         *     | `datastore.manage` | datastore | level editor+ |
         *     | `computed_assets.manage` | datastore | level editor+ |
         *     | `operations.manage` | datastore | level editor+ |
         *     | `quality_score.manage` | datastore | level editor+ |
         *     | `datastore_groups.assign` | datastore | level editor+ |
         *     | `masked_values.read` | datastore | level editor+ |
         *     | `datastore.add_enrichment` | datastore | level editor+ and role manager+ |
         *     | `datastore.delete` | datastore | Admin only |
         *     | `tags.assign` | datastore | level viewer+ |
         *     | `flows.assign_tags` | datastore | level drafter+ |
         *     | `team_tags.manage` | datastore | level drafter+ |
         *     | `operations.schedule` | datastore | level editor+ |
         *     | `profiles.delete` | datastore | level editor+ |
         *     | `fields.manage_status` | datastore | level editor+ |
         */
        post: operations["authorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The action catalog
         * @description Every action `POST /api/authorize`, forward-auth and a narrowed token's `actions` accept, with what it needs: a role (platform actions) or a team level (datastore actions). Read from src/access/model.ts, the one table. Any signed-in caller.
         */
        get: operations["listActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Effective access of a user (users.read, or oneself)
         * @description The platform actions of the role, and for each datastore the user reaches through a team: the effective level, the team granting it, and the datastore actions allowed. An active Admin has `all_datastores: true` (admin bypass). Changes to roles and teams show on the next request.
         */
        get: operations["getUserPermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What needs a human decision now (users.read: Managers, Admins)
         * @description The review queue, in this order: service users past their review date (every WARDEN_REVIEW_PERIOD_DAYS days, from the last review or creation), tokens expiring within 30 days, tokens unused for 90+ days, tokens that never expire, service users with the Admin role, personal accounts not seen for 90+ days, users holding the manager or admin role without an end date and not reviewed within the review period (a time-bound role ends by itself and needs no review). Each kind is oldest first. Token items cover service tokens for those who manage them (Admins) and the caller's own personal tokens: nobody else's PAT is ever shown. Each item says why (`detail`) and which call resolves it.
         */
        get: operations["listReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every event a webhook can subscribe to, with what its data holds (Admin)
         * @description The event names a webhook can subscribe to, each with a description of the data its payload carries. Admin only.
         */
        get: operations["listWebhookEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Webhooks (Admin)
         * @description The webhooks, one page at a time, with their events and the state of their last delivery. The signing secret is never listed. Admin only.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Create a webhook (Admin); its signing secret is shown once
         * @description Events are POSTed as JSON `{type, timestamp, data}` with the Standard Webhooks headers `webhook-id` (the same on every retry), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with the base64 part of the secret). A 2xx answer within WARDEN_WEBHOOK_TIMEOUT_SECONDS is a success; anything else is retried with exponential backoff for 24 hours. Delivery is at least once: receivers drop repeated webhook-ids. The url may not name a loopback, private, link-local, unique-local, CGNAT, multicast or otherwise internal address (checked here for address literals and localhost, and at each connection on the resolved address) unless WARDEN_OUTBOUND_ALLOW_NETWORKS allows it.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One webhook (Admin)
         * @description One webhook, without its signing secret. Admin only.
         */
        get: operations["getWebhook"];
        /**
         * Change a webhook's url, events, description or enabled flag (Admin)
         * @description Changes the fields given and keeps the others; the signing secret is changed only by rotate-secret. Admin only.
         */
        put: operations["updateWebhook"];
        post?: never;
        /**
         * Delete a webhook and its delivery log (Admin)
         * @description Deletes the webhook and its delivery log; deliveries not yet sent are dropped. Admin only.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the signing secret (Admin); the new one is shown once
         * @description For 24 hours both secrets sign each delivery (two space-separated signatures), so the receiver can switch without a gap.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a webhook.test event to this webhook (Admin)
         * @description Answers its delivery at once (202); follow it at GET /api/webhooks/{id}/deliveries/{delivery_id}.
         */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The delivery log of a webhook, newest first (Admin)
         * @description The deliveries of one webhook, newest first, one page at a time, filtered by status: pending, succeeded or failed. Admin only.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries/{delivery_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One delivery with every attempt (Admin)
         * @description One delivery with its payload and every attempt (status code, error, duration). Admin only.
         */
        get: operations["getWebhookDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}/workload-identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workload identities a service user trusts (Admin)
         * @description Each with its last use (the last token exchanged through it).
         */
        get: operations["listWorkloadIdentities"];
        put?: never;
        /**
         * Trust an external OpenID issuer's tokens for a service user (Admin)
         * @description The service user's jobs then exchange identity tokens of that issuer (GitHub Actions, GitLab CI, a Kubernetes service account, an Azure managed identity) at POST /api/oauth/token for a short-lived Warden token. `subject` is exact, or a pattern where `*` stands for one or more characters within one segment (segments are separated by `:` and `/`). `claims` are further exact matches; pin an immutable one (GitHub `repository_id`, Kubernetes `kubernetes.io.serviceaccount.uid`). 422 for a personal account.
         */
        post: operations["createWorkloadIdentity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}/workload-identities/{wid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One workload identity of a service user (Admin)
         * @description As listed.
         */
        get: operations["getWorkloadIdentity"];
        put?: never;
        post?: never;
        /**
         * Stop trusting a workload identity (Admin)
         * @description The next exchange through it is refused. Tokens already issued follow the ordinary rules: they expire within their TTL, and can be revoked.
         */
        delete: operations["deleteWorkloadIdentity"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sign in through the organisation's identity provider (302 to it)
         * @description Starts an OpenID Connect authorization code flow with PKCE (S256), state and nonce. 404 when SSO is not configured.
         */
        get: operations["login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the identity provider sends the browser back
         * @description The OpenID Connect redirect URI (`$WARDEN_PUBLIC_URL/api/auth/callback`): exchanges the code, checks state and nonce, starts the session and sends the browser to the console (302). Not called by clients.
         */
        get: operations["completeLogin"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out: the session ends at once, on every node
         * @description Needs X-CSRF-Token (or a csrf_token form field) while the session is live; without a live session it just clears the cookies. 204.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The console session: who is signed in, until when, and the CSRF token
         * @description Answers 200 whether or not someone is signed in (`authenticated`); an ended session's cookies are cleared.
         */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cli/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The CLI's browser login: asks the signed-in person to confirm a token for the CLI (HTML)
         * @description Not signed in: 302 through the sign-in first. redirect_uri must be a loopback URL, and code_challenge a PKCE S256 challenge (400 otherwise).
         */
        get: operations["showCliAuthorization"];
        put?: never;
        /**
         * Confirm the CLI's browser login: sends a one-time code to the CLI (302)
         * @description A form post from the confirmation page, with its csrf_token. Redirects to redirect_uri with `code` (one-time, valid 60 s, bound to `state` and `code_challenge`) and `state`; the CLI exchanges the code at POST /api/cli/token. The token never travels in a URL.
         */
        post: operations["confirmCliAuthorization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cli/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The CLI exchanges its one-time login code for its token
         * @description The code from the redirect, the state and the PKCE verifier the login started with. Issues the personal access token `cli-<hostname>` (a numeric suffix when taken) for 90 days (or the instance's cap) and answers it once, with `token`. A code is good for one attempt within 60 s: an unknown, used, late, wrong-state or wrong-verifier code answers 400 and is used up.
         */
        post: operations["exchangeCliCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/forward-auth": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Forward auth for reverse proxies
         * @description For reverse proxies: nginx `auth_request`, Traefik ForwardAuth, Envoy ext_authz (HTTP).
         *     The proxy passes the original request's `Authorization` header (or the console session cookie).
         *     Without `action` it only authenticates. With `action` (and `datastore_id` for datastore actions) it
         *     also decides. The action and datastore may instead come as headers `X-Warden-Action` and
         *     `X-Warden-Datastore-Id`, but only when the query does not name them at all: a query parameter that is
         *     present decides, even when empty (empty means none; a datastore action then answers 422), so a client's
         *     own header can never choose what is checked. A proxy that passes the action or datastore as headers
         *     must overwrite them (never forward the client's). Any method is accepted and any body ignored, and
         *     `/api/forward-auth/<anything>` answers like `/api/forward-auth` (for Envoy's `path_prefix`).
         *
         *     - **200**, no body, with `X-Warden-User-Id` (the `user_id`), `X-Warden-User-Type` (`personal`|`service`),
         *       `X-Warden-Role`, and for datastore decisions `X-Warden-Level` and `X-Warden-Team-Id` when a team grants a level.
         *       **`X-Warden-User-Id` is percent-encoded UTF-8** (RFC 3986): the bytes 0x21–0x7E (`!` to `~`) except
         *       `%` pass unchanged; every other byte (space, control characters, `%`, all of UTF-8 beyond ASCII) is
         *       written `%XX`, so any id (spaces, accents, CJK, emoji, line breaks) arrives intact and ASCII-safe. Upstreams decode it with
         *       `decodeURIComponent` (JavaScript), `urllib.parse.unquote` (Python) or `url.PathUnescape` (Go). The
         *       proxy must set these headers on the upstream request itself (overwriting whatever the client sent).
         *     - **401** with `WWW-Authenticate` and `X-Warden-Reason` (`missing`, `malformed`, `unknown`, `expired`, `revoked`,
         *       `owner_deactivated`, `session_expired`, `ip_not_allowed`, `wrong_scheme`, `api_tokens_disabled`): no, malformed, unknown, expired or revoked
         *       credential, or deactivated owner.
         *     - **403** with `X-Warden-Reason`: the action is denied. A datastore that does not exist or that the
         *       caller cannot see is a denial here too (proxies understand only 2xx, 401 and 403).
         *     - 422: an unknown action, or a datastore action without a datastore (a proxy misconfiguration; nginx
         *       reports it as 500, so it is never silently allowed).
         */
        get: operations["forwardAuth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/oauth/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Token introspection (RFC 7662)
         * @description RFC 7662 token introspection for gateways (mod_auth_openidc, Kong, Envoy, APISIX…): is this Warden token active, and whose is it?
         *
         *     **The client** authenticates with a service token whose owner holds `tokens.introspect` (an Admin service user;
         *     narrow its token to that action alone), either as `Authorization: Bearer <service token>` or as HTTP Basic
         *     (RFC 6749 `client_secret_basic`) with the service token as the password and any client id (the service
         *     user's `user_id` reads best). No, a bad or an unfit credential: 401 (`error: invalid_client`); a personal token,
         *     a SCIM-only token or one without `tokens.introspect`: 403.
         *
         *     **The request** is form-encoded: `token=<the token>`; `token_type_hint` is accepted and ignored (Warden has one kind).
         *     Without `token`: 400 (`error: invalid_request`).
         *
         *     **The answer** for an active token: `{active: true, sub, username, scope?, exp?, iat, token_type: "Bearer", warden: {user_id, user_type, name, email, role, teams, token_id, datastore_ids}}`,
         *     where `sub` is the owner's `user_id`, `username` the owner's email (service users: name), `scope` the actions a narrowed
         *     token is limited to (space-separated; `scim` for a SCIM-only token; absent when unrestricted), `exp`/`iat` seconds since the epoch
         *     (`exp` absent for a token that never expires). Active means exactly what it means for any request: not expired, not revoked, its
         *     owner active, and for a token narrowed to networks, the introspecting request's client address inside them.
         *     For **anything else** (unknown, malformed, expired, revoked, owner deactivated, outside its networks) the answer is
         *     exactly `{"active":false}`, the same bytes whatever the reason. Answered from the caches, like forward auth.
         *
         *     **Rate limit**: each inactive answer counts as a failed authentication of the client's address (WARDEN_AUTH_FAILURE_LIMIT
         *     per minute); over the limit every introspection from that address answers 429 with `Retry-After` until the minute ends.
         */
        post: operations["introspectToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/ServiceProviderConfig": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * SCIM service provider configuration
         * @description What this SCIM service supports (RFC 7644 §4): PATCH, filter, sort, ETags and bulk (not supported), and how to authenticate (an Admin's bearer token).
         */
        get: operations["getScimServiceProviderConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/ResourceTypes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * SCIM resource types
         * @description The resource types served: User (with the EnterpriseUser and Warden extensions) and Group.
         */
        get: operations["listScimResourceTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/ResourceTypes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One SCIM resource type
         * @description One resource type by id (User or Group); 404 for any other.
         */
        get: operations["getScimResourceType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/Schemas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * SCIM schemas: User, Group, EnterpriseUser, Warden's extension
         * @description The attribute definitions of every schema served, as RFC 7643 §7 describes them.
         */
        get: operations["listScimSchemas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/Schemas/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One SCIM schema
         * @description One schema by its URN (case-insensitive); 404 for any other.
         */
        get: operations["getScimSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/.search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search Users and Groups together (a SearchRequest body; Users first, then Groups)
         * @description A SearchRequest (RFC 7644 §3.4.3) across both resource types: filter, attributes, sortBy, startIndex and count, answered as one ListResponse.
         */
        post: operations["searchScimResources"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/Users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List or filter Users
         * @description Users one page at a time (startIndex, count), with an optional SCIM filter (RFC 7644 §3.4.2.2), sortBy, attributes and excludedAttributes. A malformed filter answers 400 invalidFilter.
         */
        get: operations["listScimUsers"];
        put?: never;
        /**
         * Create a User
         * @description Provisions a personal account from the identity provider (userName is its login). 409 uniqueness when it exists. Answers 201 with ETag and Location.
         */
        post: operations["createScimUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/Users/.search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search Users (a SearchRequest body)
         * @description The same as listing Users, with the query in a SearchRequest body (RFC 7644 §3.4.3), so that a filter stays out of URLs and logs.
         */
        post: operations["searchScimUsers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/Users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One User
         * @description One User by id, with its ETag; If-None-Match answers 304 when it has not changed. attributes and excludedAttributes select what is returned.
         */
        get: operations["getScimUser"];
        /**
         * Replace a User (If-Match honoured)
         * @description Replaces the User's attributes with the body's (RFC 7644 §3.5.1). A stale If-Match answers 412; a clash with another User's name 409.
         */
        put: operations["replaceScimUser"];
        post?: never;
        /**
         * Deprovision a User: deactivate and detach (the account is kept)
         * @description Deactivates the account and detaches it from the directory: its tokens and sessions stop working at once; the account and its audit trail are kept. 204.
         */
        delete: operations["deleteScimUser"];
        options?: never;
        head?: never;
        /**
         * Modify a User with a PatchOp (If-Match honoured)
         * @description Applies the operations of a PatchOp (add, replace, remove; RFC 7644 §3.5.2) all or none, in one transaction. A stale If-Match answers 412.
         */
        patch: operations["patchScimUser"];
        trace?: never;
    };
    "/api/scim/v2/Groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List or filter Groups
         * @description Groups one page at a time (startIndex, count), with an optional SCIM filter (RFC 7644 §3.4.2.2), sortBy, attributes and excludedAttributes. A malformed filter answers 400 invalidFilter.
         */
        get: operations["listScimGroups"];
        put?: never;
        /**
         * Create a Group
         * @description Creates a team from a group, with its members. 409 uniqueness when a team has the name. Answers 201 with ETag and Location.
         */
        post: operations["createScimGroup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/Groups/.search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search Groups (a SearchRequest body)
         * @description The same as listing Groups, with the query in a SearchRequest body (RFC 7644 §3.4.3), so that a filter stays out of URLs and logs.
         */
        post: operations["searchScimGroups"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scim/v2/Groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One Group
         * @description One Group by id, with its ETag; If-None-Match answers 304 when it has not changed. attributes and excludedAttributes select what is returned.
         */
        get: operations["getScimGroup"];
        /**
         * Replace a Group (If-Match honoured)
         * @description Replaces the Group's attributes with the body's (RFC 7644 §3.5.1). A stale If-Match answers 412; a clash with another Group's name 409.
         */
        put: operations["replaceScimGroup"];
        post?: never;
        /**
         * Delete a Group (its team)
         * @description Deletes the team the group provisioned; its members keep their accounts. 204.
         */
        delete: operations["deleteScimGroup"];
        options?: never;
        head?: never;
        /**
         * Modify a Group with a PatchOp (If-Match honoured)
         * @description Applies the operations of a PatchOp (add, replace, remove; RFC 7644 §3.5.2) all or none, in one transaction. A stale If-Match answers 412.
         */
        patch: operations["patchScimGroup"];
        trace?: never;
    };
    "/api/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange an identity token, or a service token, for a short-lived Warden token (OAuth 2.0)
         * @description `application/x-www-form-urlencoded`.
         *
         *     - `grant_type=urn:ietf:params:oauth:grant-type:token-exchange` (RFC 8693): `subject_token` an identity token (JWT) of an issuer a workload identity trusts, `subject_token_type` `urn:ietf:params:oauth:token-type:jwt` or `…:id_token`; `client_id` (the service user) only when the token could match several service users.
         *     - `grant_type=client_credentials`: `client_id` the service user, `client_secret` one of its service tokens (HTTP Basic or in the body).
         *
         *     Optional `scope` (space-separated actions, or `read`), `datastore_ids` and `allowed_cidrs` narrow further and never widen (`invalid_scope`). The answer is an ordinary service token of the service user with `origin` federated or exchanged, `Cache-Control: no-store`. Refusals are RFC 6749 §5.2 JSON: `invalid_request`, `invalid_grant` (the subject token failed a check: which one is said), `invalid_client` (401), `invalid_scope`, `unsupported_grant_type`; each counts towards the client's failure limit (429 with Retry-After beyond it) and is audited (token.exchange_refused).
         */
        post: operations["requestToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AuditActionList */
        AuditActionList: {
            items: {
                action: string;
                target_type: string;
                description: string;
            }[];
        };
        /** AuditChainReport */
        AuditChainReport: {
            /** @description true when every event matches its hash and follows the one before it */
            ok: boolean;
            /** @description Events that matched, from the first */
            checked: number;
            /** @description The first event that does not match, or null */
            first_failure: {
                id: number;
                /** Format: date-time */
                at: string;
                /**
                 * @description missing_hash: written to the database directly; edited: its content changed; broken_link: an event before it was deleted, or it was inserted
                 * @enum {string}
                 */
                problem: "missing_hash" | "edited" | "broken_link";
                detail: string;
            } | null;
            /** @description The last event that matched and its hash: keep it elsewhere to detect a rewrite of the whole chain */
            head: {
                id: number;
                hash: string;
            } | null;
        };
        /**
         * AuditCredential
         * @description The credential that acted. Part of the event's hash
         */
        AuditCredential: {
            /**
             * @description token: a personal or service token; scim: a SCIM-only token; session: a console session; system: Warden itself (the scheduler, a worker, `warden bootstrap`); directory: the identity provider's data at sign-in
             * @enum {string}
             */
            kind: "token" | "scim" | "session" | "system" | "directory";
            /** @description The token's id (kind token or scim) or the session's id (kind session; null for changes made at sign-in before the session existed); null for system and directory */
            id: number | null;
            /** @description The token's display hint (`wdn_pat_AbCd…`, never the token), the session's fingerprint (a hash of a hash: it cannot be replayed), or the part of the system that acted (`scheduler`, `exposure-worker`, …) */
            hint: string | null;
        };
        /** AuditEvent */
        AuditEvent: {
            id: number;
            /** Format: date-time */
            at: string;
            /** @description Who acted: a user; `system` (bootstrap, scheduled work); or `directory` (group sync at sign-in and SCIM role mappings, issue 21) */
            actor: components["schemas"]["UserSummary"] | ("system" | "directory");
            action: string;
            target_type: string;
            target_id: number | null;
            /** @description The target's name, for a user (its name), team, datastore or token (its current name; for one since deleted, the name its events recorded); null when unknown. Not part of the audit chain */
            target_name?: string | null;
            reason: string | null;
            changes: {
                [key: string]: {
                    before: unknown;
                    after: unknown;
                };
            };
            request_id: string | null;
            ip: string | null;
            /** @description The credential that acted; null on events written before Warden recorded it */
            credential: components["schemas"]["AuditCredential"] | null;
        };
        /** AuditEventPage */
        AuditEventPage: {
            items: components["schemas"]["AuditEvent"][];
            total: number;
            page: number;
            size: number;
        };
        /**
         * AuditExportLine
         * @description One line of GET /api/audit-events/export (application/x-ndjson)
         */
        AuditExportLine: {
            id: number;
            /** Format: date-time */
            at: string;
            /** @description Who acted: a user; `system` (bootstrap, scheduled work); or `directory` (group sync at sign-in and SCIM role mappings, issue 21) */
            actor: components["schemas"]["UserSummary"] | ("system" | "directory");
            action: string;
            target_type: string;
            target_id: number | null;
            /** @description The target's name, for a user (its name), team, datastore or token (its current name; for one since deleted, the name its events recorded); null when unknown. Not part of the audit chain */
            target_name?: string | null;
            reason: string | null;
            changes: {
                [key: string]: {
                    before: unknown;
                    after: unknown;
                };
            };
            request_id: string | null;
            ip: string | null;
            /** @description The credential that acted; null on events written before Warden recorded it */
            credential: components["schemas"]["AuditCredential"] | null;
            /** @description The previous event's hash (hex SHA-256) */
            prev_hash: string | null;
            /** @description SHA-256 over this event's canonical content and prev_hash (hex) */
            hash: string | null;
        };
        /** AuthorizeRequest */
        AuthorizeRequest: {
            /**
             * @description An action of the catalog (see the table in the API description). Unknown actions answer 422
             * @enum {string}
             */
            action: "users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "decisions.evaluate" | "tokens.introspect" | "personal_tokens.manage" | "engine.restart" | "datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status";
            /** @description Required for datastore actions; ignored for platform actions */
            datastore_id?: number;
            /** @description Decide for this user (numeric id or user_id string) instead of the caller; needs users.read unless it is the caller */
            user_id?: number | string;
        };
        /** CliAuthorizeForm */
        CliAuthorizeForm: {
            /** @description A loopback URL of the CLI: http://127.0.0.1:<port>/… or http://localhost:<port>/… */
            redirect_uri: string;
            /** @description Returned unchanged to redirect_uri */
            state: string;
            /** @description The CLI's machine; the token is named cli-<hostname> */
            hostname: string;
            /** @description base64url(SHA-256(code_verifier)) of the CLI (PKCE S256); required */
            code_challenge?: string;
            /**
             * @description Only S256
             * @enum {string}
             */
            code_challenge_method?: "S256";
            csrf_token: string;
        };
        /** CliTokenRequest */
        CliTokenRequest: {
            /** @description The one-time code the browser brought to the CLI's redirect_uri */
            code: string;
            /** @description The PKCE verifier whose S256 challenge started this login */
            code_verifier: string;
            /** @description The state this login started with */
            state: string;
        };
        /** CreateDatastoreRequest */
        CreateDatastoreRequest: {
            /** @description Unique regardless of case */
            name: string;
            /**
             * @description source or enrichment
             * @enum {string}
             */
            kind: "source" | "enrichment";
            description?: string | null;
            /** @description The teams holding the datastore (the Public team included if listed); replaces the current list. Needs teams.manage (Admin): putting a datastore in a team grants access to it */
            team_ids?: number[];
        };
        /** CreatedToken */
        CreatedToken: {
            id: number;
            name: string;
            /** @description The prefix and first 4 random characters, e.g. wdn_svc_7Fq2… */
            hint: string;
            /** @enum {string} */
            kind: "personal" | "service";
            scim_only: boolean;
            user: components["schemas"]["UserSummary"];
            /** Format: date-time */
            created_at: string;
            /** @description Who issued it (null: the system) */
            created_by: components["schemas"]["UserSummary"] | null;
            expires_at: string | null;
            /** @description At most a minute stale */
            last_used_at: string | null;
            last_used_ip: string | null;
            revoked_at: string | null;
            revoked_by: components["schemas"]["UserSummary"] | null;
            /** @description manual: an owner or Admin revoked it; exposed: someone reported it leaked (POST /api/credentials/revoke); unused: the unused-token policy revoked it (WARDEN_POLICY_REVOKE_UNUSED_DAYS) */
            revoked_reason: ("manual" | "exposed" | "unused") | null;
            /** @description When it was reported exposed */
            exposed_at: string | null;
            /** @enum {string} */
            status: "active" | "revoked" | "expired";
            /** @description rotated: a rotation brought its expiry forward to the end of the overlap */
            expiry_reason: "rotated" | null;
            /** @description The token this one replaced */
            rotated_from: number | null;
            /** @description The token that replaced this one; it keeps working until expires_at */
            rotated_to: number | null;
            rotated_at: string | null;
            /** @description What the token is narrowed to, fixed at creation; null: it acts with everything its owner may do */
            restrictions: {
                /** @description The only actions allowed (null: all the owner may take) */
                actions: string[] | null;
                /** @description The only datastores reached (null: all the owner reaches) */
                datastore_ids: number[] | null;
                /** @description The only networks it may be used from (null: any) */
                allowed_cidrs: string[] | null;
            } | null;
            /** @description Where a token issued by POST /api/oauth/token came from; null for every other token */
            origin: {
                /**
                 * @description federated: issued for an external identity token (token exchange through a workload identity); exchanged: issued for one of the service user's tokens (client_credentials)
                 * @enum {string}
                 */
                kind: "federated" | "exchanged";
                /** @description The trust relationship it was issued through */
                workload_identity_id: number | null;
                /** @description The external token's iss */
                issuer: string | null;
                /** @description The external token's sub */
                subject: string | null;
                /** @description The external token's jti */
                jti: string | null;
                /** @description The service token it was exchanged for (client_credentials) */
                issued_from: number | null;
            } | null;
            /** @description The secret. Shown once, here, and never again. */
            token: string;
        };
        /** CreatedWebhook */
        CreatedWebhook: {
            id: number;
            url: string;
            description: string | null;
            /** @description Event types (GET /api/webhooks/events); audit.* is every audit action */
            events: string[];
            enabled: boolean;
            /** Format: date-time */
            created_at: string;
            created_by: components["schemas"]["UserSummary"] | null;
            /** Format: date-time */
            updated_at: string;
            /** @description After a rotation: until when the previous secret signs as well */
            previous_secret_until: string | null;
            /** @description When it was switched off (null while enabled) */
            disabled_at: string | null;
            /** @description Why: switched off by an Admin, or by Warden after every attempt failed for 24 hours (enable it to try again) */
            disabled_reason: string | null;
            /** @description Since when every attempt has failed; 24 hours of it switch the webhook off */
            failing_since: string | null;
            deliveries: {
                pending: number;
                succeeded: number;
                failed: number;
            };
            /** @description The signing secret (whsec_…), shown once, here, and never again. Receivers verify webhook-signature with it (Standard Webhooks). */
            secret: string;
        };
        /** CreateServiceUserRequest */
        CreateServiceUserRequest: {
            name: string;
            /** @enum {string} */
            role?: "member" | "manager" | "admin";
            team_ids?: number[];
            owner_id?: number | null;
            purpose?: string | null;
            /** @description Service users: the date of the next review (null: WARDEN_REVIEW_PERIOD_DAYS after the last review). A review clears it. */
            review_due_at?: string | null;
            reason?: string | null;
        };
        /** CreateTeamRequest */
        CreateTeamRequest: {
            name: string;
            description?: string | null;
            /**
             * @description A team permission level, lowest first: reporter < viewer < drafter < author < editor; each includes everything below it
             * @enum {string}
             */
            permission: "reporter" | "viewer" | "drafter" | "author" | "editor";
            /** @description Member user ids; the list replaces the current one */
            user_ids?: number[];
            /** @description Members with when each membership ends; instead of user_ids (not both). The list replaces the current one */
            members?: {
                user_id: number;
                /** @description The membership ends by itself at this instant (at most 365 days ahead); null or absent: it does not */
                until?: string | null;
            }[];
            /** @description Datastore ids; the list replaces the current one */
            datastore_ids?: number[];
        };
        /** CreateTokenRequest */
        CreateTokenRequest: {
            name: string;
            /** @description 1–365 days, or null for a token that never expires (refused when the instance caps lifetimes) */
            expires_in_days: number | null;
            /** @description The service user: its numeric id or its user_id (pipeline_automation@service) */
            user_id?: number | string;
            /** @description The token reaches only /api/scim/v2 (Admin only) */
            scim_only?: boolean;
            /** @description Qualytics' name for scim_only, accepted as an alias (the answer says scim_only); both with different values: 422 */
            scim_endpoints_only?: boolean;
            /** @description Narrow the token to these actions of the catalog; "read" stands for every action that changes nothing (with datastore_ids: the reads of those datastores). Never wider than the owner. With datastore_ids, platform actions are allowed only when named here. */
            actions?: string[];
            /** @description Narrow the token to these datastores (each one the owner reaches through a team) */
            datastore_ids?: number[];
            /** @description Networks the token may be used from: IPv4 or IPv6 addresses or CIDRs */
            allowed_cidrs?: string[];
        };
        /** CreateWebhookRequest */
        CreateWebhookRequest: {
            /** @description Where events are POSTed (https, or http) */
            url: string;
            events: string[];
            enabled?: boolean;
            description?: string | null;
        };
        Datastore: {
            id: number;
            name: string;
            /**
             * @description source or enrichment
             * @enum {string}
             */
            kind: "source" | "enrichment";
            description: string | null;
            /** @description Teams holding the datastore. Managers and Admins see all of them; a member sees the teams through which they reach it */
            teams: {
                id: number;
                name: string;
            }[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            created_by: components["schemas"]["UserSummary"] | null;
        };
        /** DatastorePage */
        DatastorePage: {
            items: components["schemas"]["Datastore"][];
            total: number;
            page: number;
            size: number;
        };
        /** Decision */
        Decision: {
            allowed: boolean;
            /**
             * @description admin (bypass), role (platform action allowed by the role), team (granted by `team` at `level`); denials: inactive, insufficient_role, personal_accounts_only, no_team, insufficient_level, admin_only
             * @enum {string}
             */
            reason: "inactive" | "admin" | "role" | "insufficient_role" | "personal_accounts_only" | "team" | "insufficient_level" | "no_team" | "admin_only" | "datastore_required";
            /** @enum {string} */
            role: "member" | "manager" | "admin";
            /** @description The effective level on the datastore: the highest over the teams holding both the user and the datastore */
            level: ("reporter" | "viewer" | "drafter" | "author" | "editor") | null;
            /** @description The team that grants that level */
            team: {
                id: number;
                name: string;
            } | null;
            /**
             * @description An action of the catalog (see the table in the API description). Unknown actions answer 422
             * @enum {string}
             */
            action: "users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "decisions.evaluate" | "tokens.introspect" | "personal_tokens.manage" | "engine.restart" | "datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status";
            user: components["schemas"]["UserSummary"];
            datastore_id: number | null;
        };
        DirectoryMapping: {
            id: number;
            /** @description The directory group: a name (matched without case) or an IdP group id (Entra ID object id) */
            group: string;
            /** @description The team the group gives (with the team's level), or null for a role mapping */
            team: {
                id: number;
                name: string;
            } | null;
            /** @description The role the group gives, or null for a team mapping */
            role: ("manager" | "admin") | null;
            /** @description Why the role is given: recorded with every elevation the mapping makes */
            reason: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: number | null;
        };
        /** ExposureReportAccepted */
        ExposureReportAccepted: {
            /** @enum {string} */
            status: "accepted";
            detail: string;
        };
        /** HealthStatus */
        HealthStatus: {
            /** @enum {string} */
            status: "ok";
        };
        /** Info */
        Info: {
            /** @enum {string} */
            name: "Warden";
            version: string;
            /**
             * Format: date-time
             * @description The server's clock (for clock-skew checks)
             */
            time: string;
            /** @enum {string} */
            environment: "development" | "production" | "test";
            sso: {
                /** @description People can sign in through an OpenID Provider */
                enabled: boolean;
                /** @description The development OpenID Provider: any login and password work; `admin` signs in as an Admin */
                development: boolean;
            };
            tokens: {
                /** @description The instance's cap on token lifetime (WARDEN_MAX_TOKEN_DAYS); null: no cap */
                max_days: number | null;
                /** @description The lifetimes to offer, in days (null: never) */
                expiry_choices: (number | null)[];
            };
            /** @description Only for an authenticated caller */
            database: ("sqlite" | "postgres") | null;
            /** @description A service user without a review date of its own is due this many days after its last review (WARDEN_REVIEW_PERIOD_DAYS) */
            review_period_days: number;
            /** @description Admins may make members maintainers of their team (WARDEN_TEAM_MAINTAINERS) */
            team_maintainers: boolean;
            /**
             * @description What sign-in does with the IdP's groups and the directory mappings (WARDEN_OIDC_GROUP_SYNC)
             * @enum {string}
             */
            group_sync: "off" | "add" | "sync";
        };
        /** MemberCandidate */
        MemberCandidate: {
            id: number;
            /** @description A service user's readable id (pipeline_automation@service); for a person, derived from the IdP issuer and subject */
            user_id: string;
            name: string;
            email: string | null;
            /**
             * @description A person, or a service user
             * @enum {string}
             */
            type: "personal" | "service";
        };
        /** MemberCandidatePage */
        MemberCandidatePage: {
            items: components["schemas"]["MemberCandidate"][];
            /** @description More people match than `limit`: type more of the name */
            more: boolean;
        };
        /**
         * OAuthError
         * @description An OAuth 2.0 error response (RFC 6749 §5.2)
         */
        OAuthError: {
            /** @description invalid_request, invalid_grant, invalid_client, invalid_scope, unsupported_grant_type */
            error: string;
            /** @description Which check failed (never the token) */
            error_description: string;
        };
        /**
         * OAuthProblem
         * @description An RFC 9457 problem that is also an OAuth error response
         */
        OAuthProblem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            request_id?: string;
            /** @description invalid_request, invalid_client, unauthorized_client or slow_down */
            error: string;
            error_description: string;
        };
        /** Permissions */
        Permissions: {
            user: components["schemas"]["UserSummary"];
            /** @enum {string} */
            type: "personal" | "service";
            /** @enum {string} */
            role: "member" | "manager" | "admin";
            /** @description A deactivated user may do nothing: both action lists are empty */
            active: boolean;
            /** @description true for an active Admin: every datastore action on every datastore, whatever the teams (admin bypass) */
            all_datastores: boolean;
            platform_actions: ("users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "decisions.evaluate" | "tokens.introspect" | "personal_tokens.manage" | "engine.restart")[];
            /** @description The datastores the user reaches through a team (the Public team included), by name */
            datastores: {
                id: number;
                name: string;
                /** @enum {string} */
                kind: "source" | "enrichment";
                /** @enum {string} */
                level: "reporter" | "viewer" | "drafter" | "author" | "editor";
                /** @description The team granting the level */
                team: {
                    id: number;
                    name: string;
                };
                /** @description Every team reaching the datastore, highest level first */
                teams: {
                    id: number;
                    name: string;
                    /** @enum {string} */
                    level: "reporter" | "viewer" | "drafter" | "author" | "editor";
                }[];
                actions: ("datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status")[];
            }[];
        };
        /** @description An RFC 9457 problem document (application/problem+json). */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            request_id?: string;
            errors?: {
                path: string;
                message: string;
            }[];
        };
        ReactivatedUser: {
            id: number;
            /** @description pipeline_automation@service for service users; derived from the IdP issuer and subject for personal accounts */
            user_id: string;
            /** @enum {string} */
            type: "personal" | "service";
            name: string;
            email: string | null;
            /** @enum {string} */
            role: "member" | "manager" | "admin";
            /** @description The time-bound role in force, or null when the role does not end */
            elevation: {
                /** @enum {string} */
                role: "member" | "manager" | "admin";
                /** Format: date-time */
                until: string;
                /** @enum {string} */
                returns_to: "member" | "manager" | "admin";
            } | null;
            active: boolean;
            teams: {
                id: number;
                name: string;
                /**
                 * Format: date-time
                 * @description When this membership ends by itself; absent when it does not
                 */
                until?: string;
            }[];
            /** @description The teams the user is a maintainer of (WARDEN_TEAM_MAINTAINERS=on): they may change those teams' members and maintainers */
            maintains: {
                id: number;
                name: string;
            }[];
            owner: components["schemas"]["UserSummary"] | null;
            purpose: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: components["schemas"]["UserSummary"] | null;
            deactivated_at: string | null;
            last_active_at: string | null;
            last_reviewed_at: string | null;
            /** @description Service users: the next review date set for it; null: WARDEN_REVIEW_PERIOD_DAYS (GET /api/info review_period_days) after last_reviewed_at, or created_at */
            review_due_at: string | null;
            /** @enum {string} */
            provisioned_by: "admin" | "sso" | "scim";
            /** @description The directory groups (names or ids) the identity provider sent at the last sign-in that carried them (WARDEN_OIDC_GROUPS_CLAIM), and when; null: none yet */
            idp_groups: {
                groups: string[];
                /** Format: date-time */
                at: string;
            } | null;
            /**
             * @description `directory` when a directory mapping gave the role (group sync may take it back); `admin` when an Admin set it, or the default
             * @enum {string}
             */
            role_source: "admin" | "directory";
            /** @description The tokens that work again with this reactivation (neither revoked nor expired); each is announced as a `token.restored` event with reason `owner_reactivated`. Empty when the user was already active. */
            restored_tokens: {
                id: number;
                name: string;
                hint: string;
                /** @enum {string} */
                kind: "personal" | "service";
                expires_at: string | null;
            }[];
        };
        /** ReasonRequest */
        ReasonRequest: {
            reason?: string | null;
        };
        /** ReportCredentialsRequest */
        ReportCredentialsRequest: {
            /** @description Strings that may be Warden tokens (up to 1000) */
            credentials: string[];
        };
        /** ReviewItem */
        ReviewItem: {
            /** @enum {string} */
            kind: "service_user_review_due" | "token_expiring" | "token_unused" | "token_never_expires" | "service_user_admin" | "personal_inactive" | "elevated_role_without_end";
            /** @description Why it needs a decision, in a sentence */
            detail: string;
            /**
             * Format: date-time
             * @description Since when it needs attention (for an expiring token: when it expires)
             */
            since: string;
            user: components["schemas"]["UserSummary"];
            token: {
                id: number;
                name: string;
                hint: string;
                /** @enum {string} */
                kind: "personal" | "service";
                expires_at: string | null;
                last_used_at: string | null;
            } | null;
            /** @description The call that resolves it */
            resolve: {
                method: string;
                path: string;
                description: string;
            };
        };
        /** ReviewPage */
        ReviewPage: {
            items: components["schemas"]["ReviewItem"][];
            total: number;
            page: number;
            size: number;
            /** @description Items of each kind */
            counts: {
                [key: string]: number;
            };
        };
        /** ReviewUserRequest */
        ReviewUserRequest: {
            /**
             * @description keep (the default): it stays as it is until the next review; deactivate: deactivated in the same transaction
             * @default keep
             * @enum {string}
             */
            decision?: "keep" | "deactivate";
            /** @description Why: recorded with the review */
            note?: string | null;
        };
        /** RotateTokenRequest */
        RotateTokenRequest: {
            /** @description How long the old token keeps working (default 24; 0: it stops at once; at most 30 days) */
            overlap_hours?: number;
            /** @description The new token's lifetime (default: the old token's, within the cap) */
            expires_in_days?: number | null;
        };
        /**
         * ScimError
         * @description A SCIM Error (RFC 7644 §3.12), application/scim+json
         */
        ScimError: {
            schemas: string[];
            /** @description The HTTP status, as a string */
            status: string;
            scimType?: string;
            detail: string;
        };
        /** ServiceUserIdPreview */
        ServiceUserIdPreview: {
            /** @description null when nothing usable is left of the name */
            user_id: string | null;
            available: boolean;
            /** @description Why the name cannot be used, or null */
            detail: string | null;
        };
        /** Session */
        Session: {
            authenticated: boolean;
            /** @description Whether GET /api/auth/login can sign anyone in */
            sso_configured: boolean;
            login_url: string;
            user?: components["schemas"]["User"];
            /** Format: date-time */
            expires_at?: string;
            /**
             * Format: date-time
             * @description When the session ends unless used before
             */
            idle_expires_at?: string;
            /** @description The warden_csrf cookie's value: send it as X-CSRF-Token on every mutating request */
            csrf_token?: string;
        };
        Team: {
            id: number;
            name: string;
            description: string | null;
            /**
             * @description A team permission level, lowest first: reporter < viewer < drafter < author < editor; each includes everything below it
             * @enum {string}
             */
            permission: "reporter" | "viewer" | "drafter" | "author" | "editor";
            /** @description The Public team: every user is in it; it cannot be deleted, renamed or have its membership edited */
            is_public: boolean;
            /** @description Stored members, by name. Always empty for the Public team, whose membership is every user (implicit, never stored) */
            users: {
                id: number;
                user_id: string;
                name: string;
                /**
                 * Format: date-time
                 * @description When this membership ends by itself; absent when it does not
                 */
                until?: string;
            }[];
            /** @description Members who may change the team's members and maintainers (WARDEN_TEAM_MAINTAINERS=on), by name */
            maintainers: components["schemas"]["UserSummary"][];
            datastores: {
                id: number;
                name: string;
            }[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            created_by: components["schemas"]["UserSummary"] | null;
        };
        /** TeamHistoryPage */
        TeamHistoryPage: {
            items: components["schemas"]["AuditEvent"][];
            total: number;
            page: number;
            size: number;
        };
        /** TeamPage */
        TeamPage: {
            items: components["schemas"]["Team"][];
            total: number;
            page: number;
            size: number;
        };
        Token: {
            id: number;
            name: string;
            /** @description The prefix and first 4 random characters, e.g. wdn_svc_7Fq2… */
            hint: string;
            /** @enum {string} */
            kind: "personal" | "service";
            scim_only: boolean;
            user: components["schemas"]["UserSummary"];
            /** Format: date-time */
            created_at: string;
            /** @description Who issued it (null: the system) */
            created_by: components["schemas"]["UserSummary"] | null;
            expires_at: string | null;
            /** @description At most a minute stale */
            last_used_at: string | null;
            last_used_ip: string | null;
            revoked_at: string | null;
            revoked_by: components["schemas"]["UserSummary"] | null;
            /** @description manual: an owner or Admin revoked it; exposed: someone reported it leaked (POST /api/credentials/revoke); unused: the unused-token policy revoked it (WARDEN_POLICY_REVOKE_UNUSED_DAYS) */
            revoked_reason: ("manual" | "exposed" | "unused") | null;
            /** @description When it was reported exposed */
            exposed_at: string | null;
            /** @enum {string} */
            status: "active" | "revoked" | "expired";
            /** @description rotated: a rotation brought its expiry forward to the end of the overlap */
            expiry_reason: "rotated" | null;
            /** @description The token this one replaced */
            rotated_from: number | null;
            /** @description The token that replaced this one; it keeps working until expires_at */
            rotated_to: number | null;
            rotated_at: string | null;
            /** @description What the token is narrowed to, fixed at creation; null: it acts with everything its owner may do */
            restrictions: {
                /** @description The only actions allowed (null: all the owner may take) */
                actions: string[] | null;
                /** @description The only datastores reached (null: all the owner reaches) */
                datastore_ids: number[] | null;
                /** @description The only networks it may be used from (null: any) */
                allowed_cidrs: string[] | null;
            } | null;
            /** @description Where a token issued by POST /api/oauth/token came from; null for every other token */
            origin: {
                /**
                 * @description federated: issued for an external identity token (token exchange through a workload identity); exchanged: issued for one of the service user's tokens (client_credentials)
                 * @enum {string}
                 */
                kind: "federated" | "exchanged";
                /** @description The trust relationship it was issued through */
                workload_identity_id: number | null;
                /** @description The external token's iss */
                issuer: string | null;
                /** @description The external token's sub */
                subject: string | null;
                /** @description The external token's jti */
                jti: string | null;
                /** @description The service token it was exchanged for (client_credentials) */
                issued_from: number | null;
            } | null;
        };
        /** TokenPage */
        TokenPage: {
            items: components["schemas"]["Token"][];
            total: number;
            page: number;
            size: number;
        };
        /** TokenRotation */
        TokenRotation: {
            successor: components["schemas"]["CreatedToken"];
            previous: components["schemas"]["Token"];
        };
        /** UpdateDatastoreRequest */
        UpdateDatastoreRequest: {
            /** @description Unique regardless of case */
            name?: string;
            /**
             * @description source or enrichment
             * @enum {string}
             */
            kind?: "source" | "enrichment";
            description?: string | null;
            /** @description The teams holding the datastore (the Public team included if listed); replaces the current list. Needs teams.manage (Admin): putting a datastore in a team grants access to it */
            team_ids?: number[];
        };
        /** UpdateTeamRequest */
        UpdateTeamRequest: {
            name?: string;
            description?: string | null;
            /**
             * @description A team permission level, lowest first: reporter < viewer < drafter < author < editor; each includes everything below it
             * @enum {string}
             */
            permission?: "reporter" | "viewer" | "drafter" | "author" | "editor";
            /** @description Member user ids (not for the Public team: 409). Members who stay keep the end of their membership; the list replaces the current one */
            user_ids?: number[];
            /** @description Members with when each membership ends; instead of user_ids (not both). The list replaces the current one */
            members?: {
                user_id: number;
                /** @description The membership ends by itself at this instant (at most 365 days ahead); null or absent: it does not */
                until?: string | null;
            }[];
            /** @description Datastore ids; the list replaces the current one */
            datastore_ids?: number[];
        };
        /** UpdateTokenRequest */
        UpdateTokenRequest: {
            /** @description true revokes, false restores. Required unless `revoke` is given */
            revoked?: boolean;
            /** @description Qualytics' name for revoked, accepted as an alias (`PUT /user-tokens/{id} {"revoke": true}`); both with different values: 422 */
            revoke?: boolean;
        };
        /** UpdateUserRequest */
        UpdateUserRequest: {
            /** @enum {string} */
            role?: "member" | "manager" | "admin";
            team_ids?: number[];
            owner_id?: number | null;
            purpose?: string | null;
            /** @description Service users: the date of the next review (null: WARDEN_REVIEW_PERIOD_DAYS after the last review). A review clears it. */
            review_due_at?: string | null;
            reason?: string | null;
            /** @description With `role`: the role holds until this instant, then the role held before returns by itself (just-in-time elevation; at most 365 days; a reason is required). null: the role holds without end. */
            until?: string | null;
        };
        /** UpdateWebhookRequest */
        UpdateWebhookRequest: {
            /** @description Where events are POSTed (https, or http) */
            url?: string;
            events?: string[];
            enabled?: boolean;
            description?: string | null;
        };
        User: {
            id: number;
            /** @description pipeline_automation@service for service users; derived from the IdP issuer and subject for personal accounts */
            user_id: string;
            /** @enum {string} */
            type: "personal" | "service";
            name: string;
            email: string | null;
            /** @enum {string} */
            role: "member" | "manager" | "admin";
            /** @description The time-bound role in force, or null when the role does not end */
            elevation: {
                /** @enum {string} */
                role: "member" | "manager" | "admin";
                /** Format: date-time */
                until: string;
                /** @enum {string} */
                returns_to: "member" | "manager" | "admin";
            } | null;
            active: boolean;
            teams: {
                id: number;
                name: string;
                /**
                 * Format: date-time
                 * @description When this membership ends by itself; absent when it does not
                 */
                until?: string;
            }[];
            /** @description The teams the user is a maintainer of (WARDEN_TEAM_MAINTAINERS=on): they may change those teams' members and maintainers */
            maintains: {
                id: number;
                name: string;
            }[];
            owner: components["schemas"]["UserSummary"] | null;
            purpose: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: components["schemas"]["UserSummary"] | null;
            deactivated_at: string | null;
            last_active_at: string | null;
            last_reviewed_at: string | null;
            /** @description Service users: the next review date set for it; null: WARDEN_REVIEW_PERIOD_DAYS (GET /api/info review_period_days) after last_reviewed_at, or created_at */
            review_due_at: string | null;
            /** @enum {string} */
            provisioned_by: "admin" | "sso" | "scim";
            /** @description The directory groups (names or ids) the identity provider sent at the last sign-in that carried them (WARDEN_OIDC_GROUPS_CLAIM), and when; null: none yet */
            idp_groups: {
                groups: string[];
                /** Format: date-time */
                at: string;
            } | null;
            /**
             * @description `directory` when a directory mapping gave the role (group sync may take it back); `admin` when an Admin set it, or the default
             * @enum {string}
             */
            role_source: "admin" | "directory";
        };
        /** UserPage */
        UserPage: {
            items: components["schemas"]["User"][];
            total: number;
            page: number;
            size: number;
        };
        /** UserSummary */
        UserSummary: {
            id: number;
            user_id: string;
            name: string;
        };
        Webhook: {
            id: number;
            url: string;
            description: string | null;
            /** @description Event types (GET /api/webhooks/events); audit.* is every audit action */
            events: string[];
            enabled: boolean;
            /** Format: date-time */
            created_at: string;
            created_by: components["schemas"]["UserSummary"] | null;
            /** Format: date-time */
            updated_at: string;
            /** @description After a rotation: until when the previous secret signs as well */
            previous_secret_until: string | null;
            /** @description When it was switched off (null while enabled) */
            disabled_at: string | null;
            /** @description Why: switched off by an Admin, or by Warden after every attempt failed for 24 hours (enable it to try again) */
            disabled_reason: string | null;
            /** @description Since when every attempt has failed; 24 hours of it switch the webhook off */
            failing_since: string | null;
            deliveries: {
                pending: number;
                succeeded: number;
                failed: number;
            };
        };
        /** WebhookDelivery */
        WebhookDelivery: {
            id: number;
            webhook_id: number;
            /** @description The webhook-id header the receiver got (the same on every retry) */
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempts: number;
            /** Format: date-time */
            created_at: string;
            last_attempt_at: string | null;
            /** @description When it is tried again (pending only) */
            next_attempt_at: string | null;
            /** @description The HTTP status of the last attempt, or null when it got none */
            last_status: number | null;
            last_error: string | null;
            last_latency_ms: number | null;
            delivered_at: string | null;
        };
        /** WebhookDeliveryDetail */
        WebhookDeliveryDetail: {
            id: number;
            webhook_id: number;
            /** @description The webhook-id header the receiver got (the same on every retry) */
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempts: number;
            /** Format: date-time */
            created_at: string;
            last_attempt_at: string | null;
            /** @description When it is tried again (pending only) */
            next_attempt_at: string | null;
            /** @description The HTTP status of the last attempt, or null when it got none */
            last_status: number | null;
            last_error: string | null;
            last_latency_ms: number | null;
            delivered_at: string | null;
            attempt_log: {
                /** Format: date-time */
                at: string;
                status: number | null;
                error: string | null;
                /** @description Null when the receiver did not answer (a refused or failed connection shows no timing) */
                latency_ms: number | null;
            }[];
        };
        /** WebhookDeliveryPage */
        WebhookDeliveryPage: {
            items: components["schemas"]["WebhookDelivery"][];
            total: number;
            page: number;
            size: number;
        };
        /** WebhookEventType */
        WebhookEventType: {
            type: string;
            description: string;
            data: string;
        };
        /** WebhookEventTypeList */
        WebhookEventTypeList: {
            items: components["schemas"]["WebhookEventType"][];
        };
        /** WebhookPage */
        WebhookPage: {
            items: components["schemas"]["Webhook"][];
            total: number;
            page: number;
            size: number;
        };
        /** WebhookSecret */
        WebhookSecret: {
            /** @description The signing secret (whsec_…), shown once, here, and never again. Receivers verify webhook-signature with it (Standard Webhooks). */
            secret: string;
            /** Format: date-time */
            previous_secret_until: string;
        };
        WorkloadIdentity: {
            id: number;
            user: components["schemas"]["UserSummary"];
            name: string;
            issuer: string;
            audience: string;
            subject: string;
            claims: {
                [key: string]: string | number | boolean;
            };
            token_ttl_minutes: number;
            restrictions: {
                actions: string[] | null;
                datastore_ids: number[] | null;
                allowed_cidrs: string[] | null;
            } | null;
            /** Format: date-time */
            created_at: string;
            created_by: components["schemas"]["UserSummary"] | null;
            /** @description When a token was last exchanged through it */
            last_used_at: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    checkLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthStatus"];
                };
            };
        };
    };
    checkReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthStatus"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOAuthMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
        };
    };
    evaluateAccess: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Who: `{type: "user", id: <user_id>}` */
                    subject: {
                        /** @description "user" */
                        type: string;
                        /** @description The user's `user_id` (as in `X-Warden-User-Id` and the introspection `sub`) */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description What: `{name: <catalog action>}` */
                    action: {
                        /** @description An action of the catalog (`datastore.read`, `users.manage`…) */
                        name: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description On what: `{type: "datastore", id: "<datastore id>"}` for datastore actions, `{type: "platform", id: "warden"}` for platform actions */
                    resource: {
                        /** @description "datastore" or "platform" */
                        type: string;
                        /** @description The datastore id (decimal) for "datastore"; any value (e.g. "warden") for "platform" */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description Accepted and ignored: Warden decides at the time of the request */
                    context?: Record<string, never>;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        decision: boolean;
                        context?: {
                            /** @description Warden's reason, as `POST /api/authorize` names it */
                            reason?: string;
                            role?: string;
                            /** @description The effective level on the datastore */
                            level?: string | null;
                            /** @description The team granting that level */
                            team?: {
                                id: number;
                                name: string;
                            } | null;
                            /** @description Why no decision could be made (404: no such user or datastore; 400: an evaluation Warden cannot map) */
                            error?: {
                                status: number;
                                message: string;
                            };
                        };
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    evaluateAccessBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Who: `{type: "user", id: <user_id>}` */
                    subject?: {
                        /** @description "user" */
                        type: string;
                        /** @description The user's `user_id` (as in `X-Warden-User-Id` and the introspection `sub`) */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description What: `{name: <catalog action>}` */
                    action?: {
                        /** @description An action of the catalog (`datastore.read`, `users.manage`…) */
                        name: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description On what: `{type: "datastore", id: "<datastore id>"}` for datastore actions, `{type: "platform", id: "warden"}` for platform actions */
                    resource?: {
                        /** @description "datastore" or "platform" */
                        type: string;
                        /** @description The datastore id (decimal) for "datastore"; any value (e.g. "warden") for "platform" */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description Accepted and ignored: Warden decides at the time of the request */
                    context?: Record<string, never>;
                    /** @description Each evaluation; a key it leaves out is taken from the top level */
                    evaluations?: {
                        /** @description Who: `{type: "user", id: <user_id>}` */
                        subject?: {
                            /** @description "user" */
                            type: string;
                            /** @description The user's `user_id` (as in `X-Warden-User-Id` and the introspection `sub`) */
                            id: string;
                            /** @description Ignored: Warden decides from its own data */
                            properties?: Record<string, never>;
                        };
                        /** @description What: `{name: <catalog action>}` */
                        action?: {
                            /** @description An action of the catalog (`datastore.read`, `users.manage`…) */
                            name: string;
                            /** @description Ignored: Warden decides from its own data */
                            properties?: Record<string, never>;
                        };
                        /** @description On what: `{type: "datastore", id: "<datastore id>"}` for datastore actions, `{type: "platform", id: "warden"}` for platform actions */
                        resource?: {
                            /** @description "datastore" or "platform" */
                            type: string;
                            /** @description The datastore id (decimal) for "datastore"; any value (e.g. "warden") for "platform" */
                            id: string;
                            /** @description Ignored: Warden decides from its own data */
                            properties?: Record<string, never>;
                        };
                        /** @description Accepted and ignored: Warden decides at the time of the request */
                        context?: Record<string, never>;
                    }[];
                    options?: {
                        /** @enum {unknown} */
                        evaluations_semantic?: "execute_all" | "deny_on_first_deny" | "permit_on_first_permit";
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Only when the request had no `evaluations` (a single evaluation) */
                        decision?: boolean;
                        context?: {
                            /** @description Warden's reason, as `POST /api/authorize` names it */
                            reason?: string;
                            role?: string;
                            /** @description The effective level on the datastore */
                            level?: string | null;
                            /** @description The team granting that level */
                            team?: {
                                id: number;
                                name: string;
                            } | null;
                            /** @description Why no decision could be made (404: no such user or datastore; 400: an evaluation Warden cannot map) */
                            error?: {
                                status: number;
                                message: string;
                            };
                        };
                        evaluations?: {
                            decision: boolean;
                            context?: {
                                /** @description Warden's reason, as `POST /api/authorize` names it */
                                reason?: string;
                                role?: string;
                                /** @description The effective level on the datastore */
                                level?: string | null;
                                /** @description The team granting that level */
                                team?: {
                                    id: number;
                                    name: string;
                                } | null;
                                /** @description Why no decision could be made (404: no such user or datastore; 400: an evaluation Warden cannot map) */
                                error?: {
                                    status: number;
                                    message: string;
                                };
                            };
                        }[];
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchSubjects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    subject: {
                        /** @description "user" */
                        type: string;
                        /** @description Ignored in a subject search */
                        id?: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description What: `{name: <catalog action>}` */
                    action: {
                        /** @description An action of the catalog (`datastore.read`, `users.manage`…) */
                        name: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description On what: `{type: "datastore", id: "<datastore id>"}` for datastore actions, `{type: "platform", id: "warden"}` for platform actions */
                    resource: {
                        /** @description "datastore" or "platform" */
                        type: string;
                        /** @description The datastore id (decimal) for "datastore"; any value (e.g. "warden") for "platform" */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description Accepted and ignored: Warden decides at the time of the request */
                    context?: Record<string, never>;
                    page?: {
                        /** @description The `next_token` of the previous page */
                        token?: string;
                        /** @description Results per page (default 100; 0 means the default) */
                        limit?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        page: {
                            /** @description Empty on the last page */
                            next_token: string;
                            count: number;
                            total?: number;
                        };
                        results: {
                            type: string;
                            id: string;
                        }[];
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchResources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Who: `{type: "user", id: <user_id>}` */
                    subject: {
                        /** @description "user" */
                        type: string;
                        /** @description The user's `user_id` (as in `X-Warden-User-Id` and the introspection `sub`) */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description What: `{name: <catalog action>}` */
                    action: {
                        /** @description An action of the catalog (`datastore.read`, `users.manage`…) */
                        name: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    resource: {
                        /** @description "datastore" or "platform" */
                        type: string;
                        /** @description Ignored in a resource search */
                        id?: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description Accepted and ignored: Warden decides at the time of the request */
                    context?: Record<string, never>;
                    page?: {
                        /** @description The `next_token` of the previous page */
                        token?: string;
                        /** @description Results per page (default 100; 0 means the default) */
                        limit?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        page: {
                            /** @description Empty on the last page */
                            next_token: string;
                            count: number;
                            total?: number;
                        };
                        results: {
                            type: string;
                            id: string;
                        }[];
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchActions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Who: `{type: "user", id: <user_id>}` */
                    subject: {
                        /** @description "user" */
                        type: string;
                        /** @description The user's `user_id` (as in `X-Warden-User-Id` and the introspection `sub`) */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description On what: `{type: "datastore", id: "<datastore id>"}` for datastore actions, `{type: "platform", id: "warden"}` for platform actions */
                    resource: {
                        /** @description "datastore" or "platform" */
                        type: string;
                        /** @description The datastore id (decimal) for "datastore"; any value (e.g. "warden") for "platform" */
                        id: string;
                        /** @description Ignored: Warden decides from its own data */
                        properties?: Record<string, never>;
                    };
                    /** @description Accepted and ignored: Warden decides at the time of the request */
                    context?: Record<string, never>;
                    page?: {
                        /** @description The `next_token` of the previous page */
                        token?: string;
                        /** @description Results per page (default 100; 0 means the default) */
                        limit?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        page: {
                            /** @description Empty on the last page */
                            next_token: string;
                            count: number;
                            total?: number;
                        };
                        results: {
                            name: string;
                        }[];
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthzenConfiguration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        policy_decision_point: string;
                        access_evaluation_endpoint: string;
                        access_evaluations_endpoint: string;
                        search_subject_endpoint: string;
                        search_resource_endpoint: string;
                        search_action_endpoint: string;
                    };
                };
            };
        };
    };
    getInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Info"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description personal or service; Qualytics' Human (= personal) and Service, in any of these cases, are accepted */
                type?: string;
                /** @description member, manager or admin (capitalised as Qualytics writes them: accepted too) */
                role?: string;
                /** @description A team id or name (without case); repeat `team` for several: users in any of them */
                team?: string[];
                /** @description true or false; both when absent */
                active?: boolean;
                /** @description Qualytics' name: false is active=true, true includes deactivated users (with active=true: 422) */
                include_deleted?: boolean;
                /** @description Matches name, email or user_id (case-insensitive substring) */
                q?: string;
                /** @description Matches the name only (case-insensitive substring), as Qualytics' name filter */
                name?: string;
                /** @description last_login (Qualytics' name) is last_active_at */
                sort?: "name" | "created_at" | "role" | "last_active_at" | "last_login";
                sort_dir?: "asc" | "desc";
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createServiceUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateServiceUserRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewServiceUserId: {
        parameters: {
            query: {
                /** @description The service user's name */
                name: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceUserIdPreview"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The numeric id, the user_id (URL-encoded: `pipeline_automation%40service`), or `me` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The numeric id, the user_id (URL-encoded: `pipeline_automation%40service`), or `me` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deactivateUser: {
        parameters: {
            query?: {
                reason?: string;
            };
            header?: never;
            path: {
                /** @description The numeric id, the user_id (URL-encoded: `pipeline_automation%40service`), or `me` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reactivateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The numeric id, the user_id (URL-encoded: `pipeline_automation%40service`), or `me` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReactivatedUser"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reviewUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The numeric id, the user_id (URL-encoded: `pipeline_automation%40service`), or `me` */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewUserRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTokens: {
        parameters: {
            query?: {
                status?: "active" | "revoked" | "expired";
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTokenRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedToken"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listServiceTokens: {
        parameters: {
            query?: {
                status?: "active" | "revoked" | "expired";
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
                /** @description A service user's numeric id or user_id */
                user_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCurrentToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTokenRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateTokenRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenRotation"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reportExposedCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportCredentialsRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExposureReportAccepted"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyAuditEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditChainReport"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportAuditEvents: {
        parameters: {
            query?: {
                /** @description Inclusive; RFC 3339, e.g. 2026-01-31T12:00:00Z */
                since?: string;
                /** @description Exclusive; RFC 3339, e.g. 2026-01-31T12:00:00Z */
                until?: string;
                /** @description One of GET /api/audit-events/actions */
                action?: string;
                target_type?: string;
                /** @description Only events after this id (resume where the last export ended) */
                after_id?: number;
                /** @description Only what was done with this token (credential kind token or scim) */
                credential_token_id?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description application/x-ndjson: one audit event per line (the schema describes one line) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": components["schemas"]["AuditExportLine"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditActions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditActionList"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                actor_id?: number;
                target_type?: string;
                target_id?: number;
                /** @description One of GET /api/audit-events/actions */
                action?: string;
                /** @description Inclusive; RFC 3339, e.g. 2026-01-31T12:00:00Z */
                since?: string;
                /** @description Exclusive; RFC 3339, e.g. 2026-01-31T12:00:00Z */
                until?: string;
                /** @description Only what was done with this token: events whose credential is the token (kind token or scim) with this id */
                credential_token_id?: number;
                /** @description Only events whose credential is of this kind */
                credential_kind?: "token" | "scim" | "session" | "system" | "directory";
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTeams: {
        parameters: {
            query?: {
                /** @description Matches name or description (case-insensitive substring) */
                q?: string;
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTeamRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTeamRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTeamMemberCandidates: {
        parameters: {
            query: {
                /** @description At least 2 characters (after trimming): part of the name or email, or of a service user's user_id (case-insensitive) */
                q: string;
                /** @description At most this many people, by name; at most 50 */
                limit?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberCandidatePage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    user_id: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                user_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addTeamMaintainer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    user_id: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeTeamMaintainer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                user_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTeamHistory: {
        parameters: {
            query?: {
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamHistoryPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDirectoryMappings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["DirectoryMapping"][];
                        total: number;
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createDirectoryMapping: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A group name (any case) or an IdP group id */
                    group: string;
                    /** @description The team the group gives; or send role */
                    team_id?: number;
                    /**
                     * @description The role the group gives; needs reason
                     * @enum {string}
                     */
                    role?: "manager" | "admin";
                    reason?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DirectoryMapping"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteDirectoryMapping: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDatastores: {
        parameters: {
            query?: {
                /** @description Matches name or description (case-insensitive substring) */
                q?: string;
                /** @description source or enrichment */
                kind?: "source" | "enrichment";
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatastorePage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createDatastore: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDatastoreRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Datastore"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDatastore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Datastore"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateDatastore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateDatastoreRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Datastore"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteDatastore: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    authorize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AuthorizeRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Decision"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listActions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /**
                             * @description An action of the catalog (see the table in the API description). Unknown actions answer 422
                             * @enum {string}
                             */
                            name: "users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "decisions.evaluate" | "tokens.introspect" | "personal_tokens.manage" | "engine.restart" | "datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status";
                            /** @enum {unknown} */
                            kind: "platform" | "datastore";
                            description: string;
                            /** @description Platform action: the lowest role allowed. Datastore action: a role needed besides the level (or null) */
                            min_role: ("member" | "manager" | "admin") | null;
                            /** @description Datastore action: the lowest team level (null: Admin only). Platform action: null */
                            min_level: ("reporter" | "viewer" | "drafter" | "author" | "editor") | null;
                            /** @description The lowest level on an enrichment datastore when higher than min_level (datastore.read: viewer), else null */
                            min_level_on_enrichment: ("reporter" | "viewer" | "drafter" | "author" | "editor") | null;
                            /** @description Only personal accounts may take it */
                            personal_only: boolean;
                        }[];
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUserPermissions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The numeric id, the user_id (URL-encoded: `pipeline_automation%40service`), or `me` */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Permissions"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReviews: {
        parameters: {
            query?: {
                kind?: "service_user_review_due" | "token_expiring" | "token_unused" | "token_never_expires" | "service_user_admin" | "personal_inactive" | "elevated_role_without_end";
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEventTypeList"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhook"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecret"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "succeeded" | "failed";
                /** @description Page number, from 1 */
                page?: number;
                /** @description Items per page, at most 200 */
                size?: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPage"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                delivery_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDetail"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWorkloadIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The service user: numeric id or user_id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WorkloadIdentity"][];
                    };
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWorkloadIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The service user: numeric id or user_id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Unique among the service user's workload identities, e.g. github-main */
                    name: string;
                    /** @description The OpenID issuer, exactly as its tokens' iss (https; plain http only for hosts WARDEN_OUTBOUND_ALLOW_NETWORKS names) */
                    issuer: string;
                    /** @description The token's aud must contain it (e.g. warden) */
                    audience: string;
                    /** @description The token's sub: exact, or a pattern where * stands for one or more characters within one segment (segments are separated by : and /) */
                    subject: string;
                    /** @description Further claims that must be exactly these values; a dotted name reaches into objects (kubernetes.io.serviceaccount.uid) */
                    claims?: {
                        [key: string]: string | number | boolean;
                    };
                    /**
                     * @description Lifetime of each issued Warden token, 5–60 minutes (default 15)
                     * @default 15
                     */
                    token_ttl_minutes?: number;
                    /** @description The narrowing of every token issued through this trust, the same shape as a narrowed token's */
                    restrictions?: {
                        /** @description Only these actions of the catalog ("read": every action that changes nothing) */
                        actions?: string[];
                        /** @description Only these datastores (each one the service user reaches through a team) */
                        datastore_ids?: number[];
                        /** @description Only from these networks */
                        allowed_cidrs?: string[];
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadIdentity"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWorkloadIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The service user: numeric id or user_id */
                id: string;
                /** @description The workload identity */
                wid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkloadIdentity"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWorkloadIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The service user: numeric id or user_id */
                id: string;
                /** @description The workload identity */
                wid: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: {
                /** @description Where to land after signing in: a path on this Warden (`/…`), nothing else. Default `/`. */
                return_to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    showCliAuthorization: {
        parameters: {
            query: {
                /** @description A loopback URL of the CLI: http://127.0.0.1:<port>/… or http://localhost:<port>/… */
                redirect_uri: string;
                /** @description Returned unchanged to redirect_uri */
                state: string;
                /** @description The CLI's machine; the token is named cli-<hostname> */
                hostname: string;
                /** @description base64url(SHA-256(code_verifier)) of the CLI (PKCE S256); required */
                code_challenge?: string;
                /** @description Only S256 */
                code_challenge_method?: "S256";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            /** @description Default Response */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmCliAuthorization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["CliAuthorizeForm"];
            };
        };
        responses: {
            /** @description Default Response */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exchangeCliCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CliTokenRequest"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedToken"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forwardAuth: {
        parameters: {
            query?: {
                /** @description An action of the catalog; empty or absent: authenticate only */
                action?: string;
                /** @description A datastore id, required with datastore actions; empty means absent */
                datastore_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description An RFC 9457 problem document (application/problem+json). */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    introspectToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @description The token to introspect */
                    token: string;
                    /** @description Accepted and ignored */
                    token_type_hint?: string;
                };
            };
        };
        responses: {
            /** @description RFC 7662 §2.2; an inactive token is exactly {"active":false} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        active: boolean;
                        sub?: string;
                        username?: string;
                        scope?: string;
                        exp?: number;
                        iat?: number;
                        token_type?: string;
                        warden?: {
                            user_id: number;
                            /** @enum {unknown} */
                            user_type: "personal" | "service";
                            name: string;
                            email: string | null;
                            role: string;
                            teams: {
                                id: number;
                                name: string;
                            }[];
                            token_id: number;
                            datastore_ids: number[] | null;
                        };
                    };
                };
            };
            /** @description An RFC 9457 problem that is also an OAuth error response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthProblem"];
                };
            };
            /** @description An RFC 9457 problem that is also an OAuth error response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthProblem"];
                };
            };
            /** @description An RFC 9457 problem that is also an OAuth error response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthProblem"];
                };
            };
            /** @description An RFC 9457 problem that is also an OAuth error response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthProblem"];
                };
            };
        };
    };
    getScimServiceProviderConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ServiceProviderConfig */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    listScimResourceTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ListResponse of ResourceTypes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    getScimResourceType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ResourceType */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    listScimSchemas: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ListResponse of Schemas */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    getScimSchema: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Schema */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    searchScimResources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description ListResponse */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    listScimUsers: {
        parameters: {
            query?: {
                /** @description A SCIM filter, e.g. userName eq "ada@example.com" */
                filter?: string;
                sortBy?: string;
                /** @description ascending (default) or descending */
                sortOrder?: string;
                /** @description 1-based index of the first result */
                startIndex?: string;
                /** @description Results per page (default 100, at most 1000) */
                count?: string;
                attributes?: string;
                excludedAttributes?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ListResponse */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    createScimUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description The created User, with ETag and Location */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    searchScimUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description ListResponse */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    getScimUser: {
        parameters: {
            query?: {
                attributes?: string;
                excludedAttributes?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The User, with ETag */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Not modified (If-None-Match) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    replaceScimUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description The User, with ETag */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    deleteScimUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    patchScimUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description The User, with ETag */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    listScimGroups: {
        parameters: {
            query?: {
                /** @description A SCIM filter, e.g. userName eq "ada@example.com" */
                filter?: string;
                sortBy?: string;
                /** @description ascending (default) or descending */
                sortOrder?: string;
                /** @description 1-based index of the first result */
                startIndex?: string;
                /** @description Results per page (default 100, at most 1000) */
                count?: string;
                attributes?: string;
                excludedAttributes?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ListResponse */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    createScimGroup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description The created Group, with ETag and Location */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    searchScimGroups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description ListResponse */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    getScimGroup: {
        parameters: {
            query?: {
                attributes?: string;
                excludedAttributes?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Group, with ETag */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Not modified (If-None-Match) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    replaceScimGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description The Group, with ETag */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    deleteScimGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    patchScimGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description A SCIM resource or message (application/scim+json or application/json) */
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description The Group, with ETag */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
            /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScimError"];
                };
            };
        };
    };
    requestToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @description urn:ietf:params:oauth:grant-type:token-exchange or client_credentials */
                    grant_type: string;
                    /** @description token-exchange: the external identity token (a JWT) */
                    subject_token?: string;
                    /** @description urn:ietf:params:oauth:token-type:jwt or urn:ietf:params:oauth:token-type:id_token */
                    subject_token_type?: string;
                    /** @description urn:ietf:params:oauth:token-type:access_token (the only kind issued) */
                    requested_token_type?: string;
                    /** @description The service user (numeric id or user_id): picks it when a subject token could match several; for client_credentials, the client */
                    client_id?: string;
                    /** @description client_credentials: one of the service user's service tokens (or HTTP Basic) */
                    client_secret?: string;
                    /** @description Narrow further: space-separated actions of the catalog, or read */
                    scope?: string;
                    /** @description Narrow further: comma- or space-separated datastore ids */
                    datastore_ids?: string;
                    /** @description Narrow further: comma- or space-separated networks */
                    allowed_cidrs?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A Warden service token (wdn_svc_…) of the service user */
                        access_token: string;
                        /** @enum {string} */
                        issued_token_type: "urn:ietf:params:oauth:token-type:access_token";
                        /** @enum {string} */
                        token_type: "Bearer";
                        /** @description Seconds until it expires */
                        expires_in: number;
                    };
                };
            };
            /** @description An OAuth 2.0 error response (RFC 6749 §5.2) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description An OAuth 2.0 error response (RFC 6749 §5.2) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
            /** @description An OAuth 2.0 error response (RFC 6749 §5.2) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthError"];
                };
            };
        };
    };
}
