// The subject rule of a workload identity, and its claims, as plain code (never a regular
// expression, so a pattern can neither be slow nor mean more than it says).
//
// A subject is cut into segments at every `:` and `/`. A pattern matches a subject when both have
// the same separators in the same places and each segment matches: a segment without `*` exactly
// (case-sensitive), a segment with `*` where each `*` stands for one or more characters of that
// segment (never a `:` or `/`, so never part of another segment). `repo:acme/*:ref:refs/heads/main`
// matches every repository of acme on main, not `repo:acme/etl/x:…` nor `repo:acme-evil/…`.

const SEPARATORS = new Set([':', '/']);

/** The segments and the separators between them. */
function split(text: string): { segments: string[]; separators: string[] } {
  const segments: string[] = [];
  const separators: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (SEPARATORS.has(text[i])) {
      segments.push(text.slice(start, i));
      separators.push(text[i]);
      start = i + 1;
    }
  }
  segments.push(text.slice(start));
  return { segments, separators };
}

/** One segment against a glob where `*` is one or more characters (iterative, no backtracking blow-up). */
function segmentMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  // Literal pieces between the stars; each star takes at least one character.
  const pieces = pattern.split('*');
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!text.startsWith(first)) return false;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    // The star before this piece takes at least one character: search from at + 1.
    const found = pieces[i] === '' ? at + 1 : text.indexOf(pieces[i], at + 1);
    if (found === -1 || found > text.length) return false;
    at = found + pieces[i].length;
  }
  // The last star takes at least one character, then the last piece ends the text.
  const tail = text.length - last.length;
  return tail >= at + 1 && text.endsWith(last);
}

export function subjectMatches(pattern: string, subject: string): boolean {
  if (!pattern.includes('*')) return pattern === subject;
  const p = split(pattern);
  const s = split(subject);
  if (p.segments.length !== s.segments.length) return false;
  for (let i = 0; i < p.separators.length; i++) if (p.separators[i] !== s.separators[i]) return false;
  return p.segments.every((seg, i) => segmentMatches(seg, s.segments[i]));
}

/** Why a subject pattern is refused, or null. */
export function subjectPatternProblem(pattern: string): string | null {
  if (pattern.trim() !== pattern) return 'The subject must not start or end with spaces';
  if (pattern.includes('**')) return 'The subject must not contain "**": a * already stands for one or more characters of one segment';
  const { segments } = split(pattern);
  if (segments.every((s) => s.includes('*') && s.replaceAll('*', '') === '')) {
    return 'A subject made only of wildcards would trust every workload of the issuer; name at least one segment exactly';
  }
  return null;
}

export type ClaimValue = string | number | boolean;

/** Claims checked by their own rules, never as additional claims. */
export const RESERVED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);

/**
 * A claim's value: a top-level claim of that exact name, else the name read as a path of object
 * keys separated by dots, where a key may itself contain dots (`kubernetes.io.serviceaccount.uid`
 * is claims["kubernetes.io"].serviceaccount.uid).
 */
export function claimValue(claims: unknown, name: string): unknown {
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) return undefined;
  const obj = claims as Record<string, unknown>;
  if (Object.hasOwn(obj, name)) return obj[name];
  for (let i = name.indexOf('.'); i !== -1; i = name.indexOf('.', i + 1)) {
    const head = name.slice(0, i);
    if (Object.hasOwn(obj, head)) {
      const found = claimValue(obj[head], name.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The first pinned claim the token does not carry with the same value (type and value), or null. */
export function claimMismatch(pinned: Record<string, ClaimValue>, claims: unknown): string | null {
  for (const [name, want] of Object.entries(pinned)) {
    const got = claimValue(claims, name);
    if (got === undefined) return `the token has no claim ${name}`;
    if (got !== want) return `its claim ${name} is not the one pinned`;
  }
  return null;
}
