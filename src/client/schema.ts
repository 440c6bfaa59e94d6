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
        /** The process is up */
        get: {
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
                            status?: string;
                        };
                    };
                };
            };
        };
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
        /** The database is reachable */
        get: {
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
                            status?: string;
                        };
                    };
                };
            };
        };
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
        /** This instance: version, clock, sign-in and token settings */
        get: {
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
                            /** @enum {string} */
                            name: "Warden";
                            version: string;
                            /**
                             * Format: date-time
                             * @description The server's clock (for clock-skew checks)
                             */
                            time: string;
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
                            database: "sqlite" | "postgres" | null;
                            /** @description A service user without a review date of its own is due this many days after its last review (WARDEN_REVIEW_PERIOD_DAYS) */
                            review_period_days: number;
                        };
                    };
                };
            };
        };
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
        /** List users (users.read) */
        get: {
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
                        "application/json": {
                            items: components["schemas"]["User"][];
                            total: number;
                            page: number;
                            size: number;
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
        put?: never;
        /**
         * Create a service user (Admin)
         * @description The user_id is derived from the name: `Pipeline Automation` → `pipeline_automation@service`. 409 when it exists; 422 when nothing is left of the name. A reason is required for the manager and admin roles.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        role?: "member" | "manager" | "admin";
                        team_ids?: number[];
                        owner_id?: number | null;
                        purpose?: string | null;
                        /** @description Service users: the date of the next review (null: WARDEN_REVIEW_PERIOD_DAYS after the last review). A review clears it. */
                        review_due_at?: string | null;
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
        /** The caller */
        get: {
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
        get: {
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
                        "application/json": {
                            /** @description null when nothing usable is left of the name */
                            user_id: string | null;
                            available: boolean;
                            /** @description Why the name cannot be used, or null */
                            detail: string | null;
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
        /** One user (users.read, or oneself) */
        get: {
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
        /**
         * Change role, teams, owner or purpose (Admin)
         * @description A reason is required when the new role is manager or admin. With `until`, the role is time-bound: at that instant the role held before returns by itself (requests are decided with it from that instant on; a job later writes the reversion, audited as access.elevation_expired with actor system). Nobody changes their own role or teams (403); the last active Admin that stays Admin (one without an end) cannot be demoted (409).
         */
        put: {
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
                    "application/json": {
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
        post?: never;
        /**
         * Deactivate a user (Admin); the account is kept
         * @description The reason may come in a JSON body or as ?reason=. Tokens and sessions of the user stop working at once; reactivation brings back what was neither revoked nor expired.
         */
        delete: {
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
                    "application/json": {
                        reason?: string | null;
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
        post: {
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
                    "application/json": {
                        reason?: string | null;
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
        post: {
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
                    "application/json": {
                        /**
                         * @description keep (the default): it stays as it is until the next review; deactivate: deactivated in the same transaction
                         * @default keep
                         */
                        decision?: "keep" | "deactivate";
                        /** @description Why: recorded with the review */
                        note?: string | null;
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
        /** Your own personal access tokens */
        get: {
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
                        "application/json": {
                            items: components["schemas"]["Token"][];
                            total: number;
                            page: number;
                            size: number;
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
        put?: never;
        /**
         * Issue a token: your own PAT, or (Admin, with user_id) a service token
         * @description The secret is in the `token` field of this answer and nowhere else, ever. Service users cannot issue tokens for themselves. Made with a narrowed token, the new token is never wider than it: each restriction left out is inherited from it, and asking for more actions, datastores, networks or a later expiry is 403 `forbidden/wider-than-credential` with `errors[0].path` naming the field.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
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
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            name: string;
                            /** @description The prefix and first 4 random characters, e.g. wdn_svc_7Fq2… */
                            hint: string;
                            kind: "personal" | "service";
                            scim_only: boolean;
                            user: {
                                id: number;
                                user_id: string;
                                name: string;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** @description Who issued it (null: the system) */
                            created_by: {
                                id: number;
                                user_id: string;
                                name: string;
                            } | null;
                            expires_at: string | null;
                            /** @description At most a minute stale */
                            last_used_at: string | null;
                            last_used_ip: string | null;
                            revoked_at: string | null;
                            revoked_by: {
                                id: number;
                                user_id: string;
                                name: string;
                            } | null;
                            /** @description manual: an owner or Admin revoked it; exposed: someone reported it leaked (POST /api/credentials/revoke); unused: the unused-token policy revoked it (WARDEN_POLICY_REVOKE_UNUSED_DAYS) */
                            revoked_reason: "manual" | "exposed" | "unused" | null;
                            /** @description When it was reported exposed */
                            exposed_at: string | null;
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
                            /** @description The secret. Shown once, here, and never again. */
                            token: string;
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
        /** Every service token (Admin) */
        get: {
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
                        "application/json": {
                            items: components["schemas"]["Token"][];
                            total: number;
                            page: number;
                            size: number;
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
        get: {
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
        /** One token (its owner; Admins for service tokens) */
        get: {
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
        /**
         * Revoke or restore a token
         * @description Takes effect on the very next request on every node. An expired token cannot be restored (409).
         */
        put: {
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
                        /** @description true revokes, false restores. Required unless `revoke` is given */
                        revoked?: boolean;
                        /** @description Qualytics' name for revoked, accepted as an alias (`PUT /user-tokens/{id} {"revoke": true}`); both with different values: 422 */
                        revoke?: boolean;
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
        post?: never;
        /** Delete a revoked token (two-step deletion) */
        delete: {
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
        post: {
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
                        /** @description How long the old token keeps working (default 24; 0: it stops at once; at most 30 days) */
                        overlap_hours?: number;
                        /** @description The new token's lifetime (default: the old token's, within the cap) */
                        expires_in_days?: number | null;
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
                        "application/json": {
                            successor: {
                                id: number;
                                name: string;
                                /** @description The prefix and first 4 random characters, e.g. wdn_svc_7Fq2… */
                                hint: string;
                                kind: "personal" | "service";
                                scim_only: boolean;
                                user: {
                                    id: number;
                                    user_id: string;
                                    name: string;
                                };
                                /** Format: date-time */
                                created_at: string;
                                /** @description Who issued it (null: the system) */
                                created_by: {
                                    id: number;
                                    user_id: string;
                                    name: string;
                                } | null;
                                expires_at: string | null;
                                /** @description At most a minute stale */
                                last_used_at: string | null;
                                last_used_ip: string | null;
                                revoked_at: string | null;
                                revoked_by: {
                                    id: number;
                                    user_id: string;
                                    name: string;
                                } | null;
                                /** @description manual: an owner or Admin revoked it; exposed: someone reported it leaked (POST /api/credentials/revoke); unused: the unused-token policy revoked it (WARDEN_POLICY_REVOKE_UNUSED_DAYS) */
                                revoked_reason: "manual" | "exposed" | "unused" | null;
                                /** @description When it was reported exposed */
                                exposed_at: string | null;
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
                                /** @description The secret. Shown once, here, and never again. */
                                token: string;
                            };
                            previous: components["schemas"]["Token"];
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
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Strings that may be Warden tokens (up to 1000) */
                        credentials: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "accepted";
                            detail: string;
                        };
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
        get: {
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
                            /** @description true when every event matches its hash and follows the one before it */
                            ok: boolean;
                            /** @description Events that matched, from the first */
                            checked: number;
                            /** @description The first event that does not match, or null */
                            first_failure: {
                                id: number;
                                /** Format: date-time */
                                at: string;
                                /** @description missing_hash: written to the database directly; edited: its content changed; broken_link: an event before it was deleted, or it was inserted */
                                problem: "missing_hash" | "edited" | "broken_link";
                                detail: string;
                            } | null;
                            /** @description The last event that matched and its hash: keep it elsewhere to detect a rewrite of the whole chain */
                            head: {
                                id: number;
                                hash: string;
                            } | null;
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
        get: {
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
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/x-ndjson: one audit event per line */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
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
        /** Every action the audit log records (audit.read: Admin) */
        get: {
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
                                action: string;
                                target_type: string;
                                description: string;
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
        /** The audit log, newest first (audit.read: Admin) */
        get: {
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
                        "application/json": {
                            items: {
                                id: number;
                                /** Format: date-time */
                                at: string;
                                actor: {
                                    id: number;
                                    user_id: string;
                                    name: string;
                                } | "system";
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
                            }[];
                            total: number;
                            page: number;
                            size: number;
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
        /** List teams, by name (teams.read: Manager, Admin) */
        get: {
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
                        "application/json": {
                            items: components["schemas"]["Team"][];
                            total: number;
                            page: number;
                            size: number;
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
        put?: never;
        /**
         * Create a team (teams.manage: Admin)
         * @description Names are unique regardless of case (409). Every member gets the team's level on every datastore of the team. Nobody adds themselves (403).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        description?: string | null;
                        /**
                         * @description A team permission level, lowest first: reporter < viewer < drafter < author < editor; each includes everything below it
                         * @enum {unknown}
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
        /** One team (teams.read: Manager, Admin) */
        get: {
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
        /**
         * Change a team (teams.manage: Admin)
         * @description Fields left out stay as they are; `user_ids` and `datastore_ids` replace the lists. The Public team cannot be renamed and its membership cannot be edited (409, also for an empty `user_ids`); its level, description and datastores can be set. Changes apply on the next request.
         */
        put: {
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
                        name?: string;
                        description?: string | null;
                        /**
                         * @description A team permission level, lowest first: reporter < viewer < drafter < author < editor; each includes everything below it
                         * @enum {unknown}
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
        post?: never;
        /**
         * Delete a team (teams.manage: Admin)
         * @description Its memberships and datastore assignments go with it; its history stays readable. The Public team cannot be deleted (409).
         */
        delete: {
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
        get: {
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
                        "application/json": {
                            items: {
                                id: number;
                                /** Format: date-time */
                                at: string;
                                actor: {
                                    id: number;
                                    user_id: string;
                                    name: string;
                                } | "system";
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
                            }[];
                            total: number;
                            page: number;
                            size: number;
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
        put?: never;
        post?: never;
        delete?: never;
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
        get: {
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
                        "application/json": {
                            items: components["schemas"]["Datastore"][];
                            total: number;
                            page: number;
                            size: number;
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
        put?: never;
        /**
         * Register a datastore (datastores.create: Manager, Admin)
         * @description Names are unique regardless of case (409). Without `team_ids` no team reaches it yet (default-deny); `team_ids` needs teams.manage (Admin), as does editing a team's `datastore_ids`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Unique regardless of case */
                        name: string;
                        /**
                         * @description source or enrichment
                         * @enum {unknown}
                         */
                        kind: "source" | "enrichment";
                        description?: string | null;
                        /** @description The teams holding the datastore (the Public team included if listed); replaces the current list. Needs teams.manage (Admin): putting a datastore in a team grants access to it */
                        team_ids?: number[];
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
        get: {
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
        /**
         * Change a datastore (datastore.manage: the editor level through a team, or Admin)
         * @description Fields left out stay as they are. `team_ids` needs teams.manage (Admin). A member sees only the datastores a team of theirs reaches (the Public team included); any other id answers 404, never 403. Managers and Admins see every registry entry.
         */
        put: {
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
                        /** @description Unique regardless of case */
                        name?: string;
                        /**
                         * @description source or enrichment
                         * @enum {unknown}
                         */
                        kind?: "source" | "enrichment";
                        description?: string | null;
                        /** @description The teams holding the datastore (the Public team included if listed); replaces the current list. Needs teams.manage (Admin): putting a datastore in a team grants access to it */
                        team_ids?: number[];
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
        post?: never;
        /**
         * Delete a datastore (datastores.delete: Admin)
         * @description It leaves every team that held it. A member sees only the datastores a team of theirs reaches (the Public team included); any other id answers 404, never 403. Managers and Admins see every registry entry.
         */
        delete: {
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
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description An action of the catalog (see the table in the API description). Unknown actions answer 422
                         * @enum {unknown}
                         */
                        action: "users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "personal_tokens.manage" | "engine.restart" | "datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status";
                        /** @description Required for datastore actions; ignored for platform actions */
                        datastore_id?: number;
                        /** @description Decide for this user (numeric id or user_id string) instead of the caller; needs users.read unless it is the caller */
                        user_id?: number | string;
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
                            allowed: boolean;
                            /**
                             * @description admin (bypass), role (platform action allowed by the role), team (granted by `team` at `level`); denials: inactive, insufficient_role, personal_accounts_only, no_team, insufficient_level, admin_only
                             * @enum {unknown}
                             */
                            reason: "inactive" | "admin" | "role" | "insufficient_role" | "personal_accounts_only" | "team" | "insufficient_level" | "no_team" | "admin_only" | "datastore_required";
                            /** @enum {unknown} */
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
                             * @enum {unknown}
                             */
                            action: "users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "personal_tokens.manage" | "engine.restart" | "datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status";
                            user: {
                                id: number;
                                user_id: string;
                                name: string;
                            };
                            datastore_id: number | null;
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
        get: {
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
                        "application/json": {
                            user: {
                                id: number;
                                user_id: string;
                                name: string;
                            };
                            /** @enum {unknown} */
                            type: "personal" | "service";
                            /** @enum {unknown} */
                            role: "member" | "manager" | "admin";
                            /** @description A deactivated user may do nothing: both action lists are empty */
                            active: boolean;
                            /** @description true for an active Admin: every datastore action on every datastore, whatever the teams (admin bypass) */
                            all_datastores: boolean;
                            platform_actions: ("users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "personal_tokens.manage" | "engine.restart")[];
                            /** @description The datastores the user reaches through a team (the Public team included), by name */
                            datastores: {
                                id: number;
                                name: string;
                                /** @enum {unknown} */
                                kind: "source" | "enrichment";
                                /** @enum {unknown} */
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
                                    /** @enum {unknown} */
                                    level: "reporter" | "viewer" | "drafter" | "author" | "editor";
                                }[];
                                actions: ("datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status")[];
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
        get: {
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
                        "application/json": {
                            items: {
                                /** @enum {string} */
                                kind: "service_user_review_due" | "token_expiring" | "token_unused" | "token_never_expires" | "service_user_admin" | "personal_inactive" | "elevated_role_without_end";
                                /** @description Why it needs a decision, in a sentence */
                                detail: string;
                                /**
                                 * Format: date-time
                                 * @description Since when it needs attention (for an expiring token: when it expires)
                                 */
                                since: string;
                                user: {
                                    id: number;
                                    user_id: string;
                                    name: string;
                                };
                                token: {
                                    id: number;
                                    name: string;
                                    hint: string;
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
                            }[];
                            total: number;
                            page: number;
                            size: number;
                            /** @description Items of each kind */
                            counts: {
                                [key: string]: number;
                            };
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
        /** Every event a webhook can subscribe to, with what its data holds (Admin) */
        get: {
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
                                type: string;
                                description: string;
                                data: string;
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
        /** Webhooks (Admin) */
        get: {
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
                        "application/json": {
                            items: components["schemas"]["Webhook"][];
                            total: number;
                            page: number;
                            size: number;
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
        put?: never;
        /**
         * Create a webhook (Admin); its signing secret is shown once
         * @description Events are POSTed as JSON `{type, timestamp, data}` with the Standard Webhooks headers `webhook-id` (the same on every retry), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with the base64 part of the secret). A 2xx answer within WARDEN_WEBHOOK_TIMEOUT_SECONDS is a success; anything else is retried with exponential backoff for 24 hours. Delivery is at least once: receivers drop repeated webhook-ids. The url may not name a loopback, private, link-local, unique-local, CGNAT, multicast or otherwise internal address (checked here for address literals and localhost, and at each connection on the resolved address) unless WARDEN_OUTBOUND_ALLOW_NETWORKS allows it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Where events are POSTed (https, or http) */
                        url: string;
                        events: string[];
                        enabled?: boolean;
                        description?: string | null;
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
                        "application/json": {
                            id: number;
                            url: string;
                            description: string | null;
                            /** @description Event types (GET /api/webhooks/events); audit.* is every audit action */
                            events: string[];
                            enabled: boolean;
                            /** Format: date-time */
                            created_at: string;
                            created_by: {
                                id: number;
                                user_id: string;
                                name: string;
                            } | null;
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
        /** One webhook (Admin) */
        get: {
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
        /** Change a webhook's url, events, description or enabled flag (Admin) */
        put: {
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
                        /** @description Where events are POSTed (https, or http) */
                        url?: string;
                        events?: string[];
                        enabled?: boolean;
                        description?: string | null;
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
        post?: never;
        /** Delete a webhook and its delivery log (Admin) */
        delete: {
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
        post: {
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
                        "application/json": {
                            /** @description The signing secret (whsec_…), shown once, here, and never again. Receivers verify webhook-signature with it (Standard Webhooks). */
                            secret: string;
                            /** Format: date-time */
                            previous_secret_until: string;
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
            };
        };
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
        post: {
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
                        "application/json": {
                            id: number;
                            webhook_id: number;
                            /** @description The webhook-id header the receiver got (the same on every retry) */
                            event_id: string;
                            event_type: string;
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
        /** The delivery log of a webhook, newest first (Admin) */
        get: {
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
                        "application/json": {
                            items: {
                                id: number;
                                webhook_id: number;
                                /** @description The webhook-id header the receiver got (the same on every retry) */
                                event_id: string;
                                event_type: string;
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
                            }[];
                            total: number;
                            page: number;
                            size: number;
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
        /** One delivery with every attempt (Admin) */
        get: {
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
                        "application/json": {
                            id: number;
                            webhook_id: number;
                            /** @description The webhook-id header the receiver got (the same on every retry) */
                            event_id: string;
                            event_type: string;
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
        put?: never;
        post?: never;
        delete?: never;
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
        get: {
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
        /** Where the identity provider sends the browser back */
        get: {
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
        post: {
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
        get: {
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
                    };
                };
            };
        };
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
        get: {
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
        put?: never;
        /**
         * Confirm the CLI's browser login: sends a one-time code to the CLI (302)
         * @description A form post from the confirmation page, with its csrf_token. Redirects to redirect_uri with `code` (one-time, valid 60 s, bound to `state` and `code_challenge`) and `state`; the CLI exchanges the code at POST /api/cli/token. The token never travels in a URL.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
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
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The one-time code the browser brought to the CLI's redirect_uri */
                        code: string;
                        /** @description The PKCE verifier whose S256 challenge started this login */
                        code_verifier: string;
                        /** @description The state this login started with */
                        state: string;
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
                            id: number;
                            name: string;
                            /** @description The prefix and first 4 random characters, e.g. wdn_svc_7Fq2… */
                            hint: string;
                            kind: "personal" | "service";
                            scim_only: boolean;
                            user: {
                                id: number;
                                user_id: string;
                                name: string;
                            };
                            /** Format: date-time */
                            created_at: string;
                            /** @description Who issued it (null: the system) */
                            created_by: {
                                id: number;
                                user_id: string;
                                name: string;
                            } | null;
                            expires_at: string | null;
                            /** @description At most a minute stale */
                            last_used_at: string | null;
                            last_used_ip: string | null;
                            revoked_at: string | null;
                            revoked_by: {
                                id: number;
                                user_id: string;
                                name: string;
                            } | null;
                            /** @description manual: an owner or Admin revoked it; exposed: someone reported it leaked (POST /api/credentials/revoke); unused: the unused-token policy revoked it (WARDEN_POLICY_REVOKE_UNUSED_DAYS) */
                            revoked_reason: "manual" | "exposed" | "unused" | null;
                            /** @description When it was reported exposed */
                            exposed_at: string | null;
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
                            /** @description The secret. Shown once, here, and never again. */
                            token: string;
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
        get: {
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
        put?: never;
        post?: never;
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
        /** SCIM service provider configuration */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** SCIM resource types */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** One SCIM resource type */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** SCIM schemas: User, Group, EnterpriseUser, Warden's extension */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** One SCIM schema */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** Search Users and Groups together (a SearchRequest body; Users first, then Groups) */
        post: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** List or filter Users */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a User */
        post: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** Search Users (a SearchRequest body) */
        post: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** One User */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        /** Replace a User (If-Match honoured) */
        put: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Deprovision a User: deactivate and detach (the account is kept) */
        delete: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Modify a User with a PatchOp (If-Match honoured) */
        patch: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/scim/v2/Groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or filter Groups */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a Group */
        post: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** Search Groups (a SearchRequest body) */
        post: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
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
        /** One Group */
        get: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        /** Replace a Group (If-Match honoured) */
        put: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a Group (its team) */
        delete: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Modify a Group with a PatchOp (If-Match honoured) */
        patch: {
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
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
                /** @description A SCIM Error (RFC 7644 §3.12), application/scim+json */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schemas: string[];
                            /** @description The HTTP status, as a string */
                            status: string;
                            scimType?: string;
                            detail: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
        User: {
            id: number;
            /** @description pipeline_automation@service for service users; derived from the IdP issuer and subject for personal accounts */
            user_id: string;
            type: "personal" | "service";
            name: string;
            email: string | null;
            role: "member" | "manager" | "admin";
            /** @description The time-bound role in force, or null when the role does not end */
            elevation: {
                role: "member" | "manager" | "admin";
                /** Format: date-time */
                until: string;
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
            owner: {
                id: number;
                user_id: string;
                name: string;
            } | null;
            purpose: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: {
                id: number;
                user_id: string;
                name: string;
            } | null;
            deactivated_at: string | null;
            last_active_at: string | null;
            last_reviewed_at: string | null;
            /** @description Service users: the next review date set for it; null: WARDEN_REVIEW_PERIOD_DAYS (GET /api/info review_period_days) after last_reviewed_at, or created_at */
            review_due_at: string | null;
            provisioned_by: "admin" | "sso" | "scim";
        };
        ReactivatedUser: {
            id: number;
            /** @description pipeline_automation@service for service users; derived from the IdP issuer and subject for personal accounts */
            user_id: string;
            type: "personal" | "service";
            name: string;
            email: string | null;
            role: "member" | "manager" | "admin";
            /** @description The time-bound role in force, or null when the role does not end */
            elevation: {
                role: "member" | "manager" | "admin";
                /** Format: date-time */
                until: string;
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
            owner: {
                id: number;
                user_id: string;
                name: string;
            } | null;
            purpose: string | null;
            /** Format: date-time */
            created_at: string;
            created_by: {
                id: number;
                user_id: string;
                name: string;
            } | null;
            deactivated_at: string | null;
            last_active_at: string | null;
            last_reviewed_at: string | null;
            /** @description Service users: the next review date set for it; null: WARDEN_REVIEW_PERIOD_DAYS (GET /api/info review_period_days) after last_reviewed_at, or created_at */
            review_due_at: string | null;
            provisioned_by: "admin" | "sso" | "scim";
            /** @description The tokens that work again with this reactivation (neither revoked nor expired); each is announced as a `token.restored` event with reason `owner_reactivated`. Empty when the user was already active. */
            restored_tokens: {
                id: number;
                name: string;
                hint: string;
                kind: "personal" | "service";
                expires_at: string | null;
            }[];
        };
        Token: {
            id: number;
            name: string;
            /** @description The prefix and first 4 random characters, e.g. wdn_svc_7Fq2… */
            hint: string;
            kind: "personal" | "service";
            scim_only: boolean;
            user: {
                id: number;
                user_id: string;
                name: string;
            };
            /** Format: date-time */
            created_at: string;
            /** @description Who issued it (null: the system) */
            created_by: {
                id: number;
                user_id: string;
                name: string;
            } | null;
            expires_at: string | null;
            /** @description At most a minute stale */
            last_used_at: string | null;
            last_used_ip: string | null;
            revoked_at: string | null;
            revoked_by: {
                id: number;
                user_id: string;
                name: string;
            } | null;
            /** @description manual: an owner or Admin revoked it; exposed: someone reported it leaked (POST /api/credentials/revoke); unused: the unused-token policy revoked it (WARDEN_POLICY_REVOKE_UNUSED_DAYS) */
            revoked_reason: "manual" | "exposed" | "unused" | null;
            /** @description When it was reported exposed */
            exposed_at: string | null;
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
        };
        Team: {
            id: number;
            name: string;
            description: string | null;
            /**
             * @description A team permission level, lowest first: reporter < viewer < drafter < author < editor; each includes everything below it
             * @enum {unknown}
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
            datastores: {
                id: number;
                name: string;
            }[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            created_by: {
                id: number;
                user_id: string;
                name: string;
            } | null;
        };
        Datastore: {
            id: number;
            name: string;
            /**
             * @description source or enrichment
             * @enum {unknown}
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
            created_by: {
                id: number;
                user_id: string;
                name: string;
            } | null;
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
            created_by: {
                id: number;
                user_id: string;
                name: string;
            } | null;
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
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
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
                             * @enum {unknown}
                             */
                            name: "users.read" | "users.manage" | "service_users.manage" | "service_tokens.manage" | "teams.read" | "teams.manage" | "datastores.create" | "datastores.delete" | "connections.read" | "connections.manage" | "tags.read" | "tags.manage" | "notifications.read" | "notifications.manage" | "library.read" | "library.manage" | "integrations.manage" | "flows.manage" | "datastore_groups.manage" | "health.read" | "settings.manage" | "audit.read" | "personal_tokens.manage" | "engine.restart" | "datastore.read" | "datastore.preview" | "anomalies.comment" | "checks.draft" | "checks.manage" | "anomalies.manage" | "datastore.manage" | "computed_assets.manage" | "operations.manage" | "quality_score.manage" | "datastore_groups.assign" | "masked_values.read" | "datastore.add_enrichment" | "datastore.delete" | "tags.assign" | "flows.assign_tags" | "team_tags.manage" | "operations.schedule" | "profiles.delete" | "fields.manage_status";
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
}
