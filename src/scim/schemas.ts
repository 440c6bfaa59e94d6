// The SCIM schemas Warden serves (RFC 7643 §4, §8.7) and the discovery documents built from
// them. One definition drives /Schemas, the canonical spelling of attribute names in requests
// (SCIM attribute names are case-insensitive) and the boolean coercion of Entra's "True"/"False".

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const WARDEN_USER = 'urn:ietf:params:scim:schemas:extension:warden:2.0:User';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export { SCIM_ERROR_SCHEMA as ERROR } from '../http/problem.ts';
export const SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export type AttrType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued?: boolean;
  description: string;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned?: 'always' | 'never' | 'default' | 'request';
  uniqueness?: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttrDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttrDef[];
}

const str = (name: string, description: string, extra: Partial<AttrDef> = {}): AttrDef => ({ name, type: 'string', description, ...extra });
const bool = (name: string, description: string): AttrDef => ({ name, type: 'boolean', description });

/** value/display/type/primary: the sub-attributes of RFC 7643 multi-valued attributes. */
function multi(name: string, description: string, types: string[], valueType: AttrType = 'string'): AttrDef {
  return {
    name, type: 'complex', multiValued: true, description,
    subAttributes: [
      // a reference names what it may point at (RFC 7643 §7); photos are URLs outside Warden (§8.7.1)
      { name: 'value', type: valueType, description: `The ${name} value`, ...(valueType === 'reference' ? { referenceTypes: ['external'] } : {}) },
      str('display', 'A human-readable name, primarily used for display purposes'),
      str('type', 'A label indicating the attribute\'s function', types.length ? { canonicalValues: types } : {}),
      bool('primary', 'Whether this is the primary or preferred value'),
    ],
  };
}

export const USER_SCHEMA: SchemaDef = {
  id: CORE_USER,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', 'Unique identifier for the User, typically used by the user to directly authenticate; unique regardless of case', { required: true, uniqueness: 'server' }),
    {
      name: 'name', type: 'complex', description: 'The components of the user\'s real name',
      subAttributes: [
        str('formatted', 'The full name, formatted for display'),
        str('familyName', 'The family name'),
        str('givenName', 'The given name'),
        str('middleName', 'The middle name(s)'),
        str('honorificPrefix', 'The honorific prefix(es), e.g. Ms.'),
        str('honorificSuffix', 'The honorific suffix(es), e.g. III'),
      ],
    },
    str('displayName', 'The name of the User, suitable for display to end-users; becomes the account\'s name in Warden'),
    str('nickName', 'The casual way to address the user'),
    { name: 'profileUrl', type: 'reference', referenceTypes: ['external'], description: 'A URI of the user\'s online profile' },
    str('title', 'The user\'s title, such as "Vice President"'),
    str('userType', 'The relationship between the organization and the user'),
    str('preferredLanguage', 'The user\'s preferred written or spoken language'),
    str('locale', 'The user\'s default location'),
    str('timezone', 'The user\'s time zone in IANA format'),
    bool('active', 'false deactivates the Warden account (its tokens and sessions stop working); true reactivates it'),
    { name: 'password', type: 'string', mutability: 'writeOnly', returned: 'never', description: 'Not used: people sign in to Warden through SSO; accepted and discarded' },
    multi('emails', 'Email addresses; the primary (or first) one becomes the account\'s email, which SSO uses to adopt the account', ['work', 'home', 'other']),
    multi('phoneNumbers', 'Phone numbers', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', 'Instant messaging addresses', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multi('photos', 'URLs of photos of the user', ['photo', 'thumbnail'], 'reference'),
    {
      name: 'addresses', type: 'complex', multiValued: true, description: 'Physical mailing addresses',
      subAttributes: [
        str('formatted', 'The full mailing address'), str('streetAddress', 'The street address'), str('locality', 'The city or locality'),
        str('region', 'The state or region'), str('postalCode', 'The zip code or postal code'), str('country', 'The country name (ISO 3166-1 alpha-2)'),
        str('type', 'A label indicating the attribute\'s function', { canonicalValues: ['work', 'home', 'other'] }), bool('primary', 'Whether this is the primary address'),
      ],
    },
    {
      name: 'groups', type: 'complex', multiValued: true, mutability: 'readOnly', description: 'The groups (Warden teams) the user belongs to; change them through /Groups',
      subAttributes: [str('value', 'The group\'s id', { mutability: 'readOnly' }), { name: '$ref', type: 'reference', referenceTypes: ['Group'], mutability: 'readOnly', description: 'The URI of the group' }, str('display', 'The group\'s displayName', { mutability: 'readOnly' }), str('type', 'direct', { mutability: 'readOnly' })],
    },
    multi('entitlements', 'Entitlements (kept as sent; Warden grants nothing from them)', []),
    multi('roles', 'Roles (kept as sent; the Warden role comes from the Warden extension)', []),
    multi('x509Certificates', 'X.509 certificates', [], 'binary'),
  ],
};

export const ENTERPRISE_SCHEMA: SchemaDef = {
  id: ENTERPRISE_USER,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person'),
    str('costCenter', 'Identifies the name of a cost center'),
    str('organization', 'Identifies the name of an organization'),
    str('division', 'Identifies the name of a division'),
    str('department', 'Identifies the name of a department'),
    {
      name: 'manager', type: 'complex', description: 'The user\'s manager',
      subAttributes: [str('value', 'The id of the manager'), { name: '$ref', type: 'reference', referenceTypes: ['User'], description: 'The URI of the manager' }, str('displayName', 'The displayName of the manager', { mutability: 'readOnly' })],
    },
  ],
};

export const WARDEN_SCHEMA: SchemaDef = {
  id: WARDEN_USER,
  name: 'WardenUser',
  description: 'Warden\'s extension: the account\'s platform role',
  attributes: [
    str('role', 'The Warden role: admin, manager or member (default member). When absent from a request the role is left as it is; the last active Admin is never demoted (409).', { canonicalValues: ['admin', 'manager', 'member'] }),
  ],
};

export const GROUP_SCHEMA: SchemaDef = {
  id: CORE_GROUP,
  name: 'Group',
  description: 'Group: a Warden team. The directory owns its name and members; its permission level and datastores are set by an Admin in Warden.',
  attributes: [
    str('displayName', 'The team\'s name; unique regardless of case', { required: true, uniqueness: 'server' }),
    {
      name: 'members', type: 'complex', multiValued: true, description: 'The users in the team (those provisioned through SCIM)',
      subAttributes: [
        str('value', 'The id of the member User', { mutability: 'immutable' }),
        { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'immutable', description: 'The URI of the member' },
        str('display', 'The member\'s display name (as the directory sent it, else the user\'s displayName)'),
        str('type', 'User', { canonicalValues: ['User'], mutability: 'immutable' }),
      ],
    },
  ],
};

export const ALL_SCHEMAS = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA, WARDEN_SCHEMA];

const COMMON: AttrDef[] = [
  str('id', 'The resource id', { mutability: 'readOnly', returned: 'always', caseExact: true, uniqueness: 'server' }),
  str('externalId', 'The id of the resource in the directory', { caseExact: true }),
  { name: 'meta', type: 'complex', mutability: 'readOnly', description: 'Resource metadata', subAttributes: [str('resourceType', 'The name of the resource type'), { name: 'created', type: 'dateTime', description: 'When the resource was added' }, { name: 'lastModified', type: 'dateTime', description: 'When the resource was last changed' }, { name: 'location', type: 'reference', referenceTypes: ['uri'], description: 'The URI of the resource' }, str('version', 'The version (ETag) of the resource')] },
  { name: 'schemas', type: 'string', multiValued: true, description: 'Schema URIs' },
];

/** Attributes of a resource's core schema plus the common ones, looked up by lowercase name. */
function index(defs: AttrDef[]): Map<string, AttrDef> {
  return new Map(defs.map((d) => [d.name.toLowerCase(), d]));
}
export const USER_ATTRS = index([...USER_SCHEMA.attributes, ...COMMON]);
export const GROUP_ATTRS = index([...GROUP_SCHEMA.attributes, ...COMMON]);
export const EXTENSION_ATTRS = new Map<string, Map<string, AttrDef>>([
  [ENTERPRISE_USER.toLowerCase(), index(ENTERPRISE_SCHEMA.attributes)],
  [WARDEN_USER.toLowerCase(), index(WARDEN_SCHEMA.attributes)],
]);
export const EXTENSION_IDS = new Map([ENTERPRISE_USER, WARDEN_USER].map((u) => [u.toLowerCase(), u]));

function withDefaults(a: AttrDef): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    description: a.description,
    required: a.required ?? false,
  };
  if (a.type === 'string' || a.type === 'reference' || a.type === 'binary') out.caseExact = a.caseExact ?? false;
  if (a.canonicalValues) out.canonicalValues = a.canonicalValues;
  if (a.referenceTypes) out.referenceTypes = a.referenceTypes;
  out.mutability = a.mutability ?? 'readWrite';
  out.returned = a.returned ?? 'default';
  out.uniqueness = a.uniqueness ?? 'none';
  if (a.subAttributes) out.subAttributes = a.subAttributes.map(withDefaults);
  return out;
}

export function schemaDocument(s: SchemaDef, baseUrl: string) {
  return {
    schemas: [SCHEMA],
    id: s.id,
    name: s.name,
    description: s.description,
    attributes: s.attributes.map(withDefaults),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${s.id}` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [RESOURCE_TYPE], id: 'User', name: 'User', endpoint: '/Users', description: 'A Warden personal account',
      schema: CORE_USER,
      schemaExtensions: [{ schema: ENTERPRISE_USER, required: false }, { schema: WARDEN_USER, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE], id: 'Group', name: 'Group', endpoint: '/Groups', description: 'A Warden team',
      schema: CORE_GROUP, schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

export const MAX_RESULTS = 1000;
export const DEFAULT_COUNT = 100;

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG],
    documentationUri: `${baseUrl.replace(/\/scim\/v2$/, '')}/docs`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken', name: 'Bearer token', primary: true,
        description: 'A Warden token of an Admin; create a SCIM-only one with POST /api/user-tokens {"scim_only": true}',
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}
