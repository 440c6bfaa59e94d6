// Rules for the names people see and tell apart (service users, teams, datastores) and their
// descriptions: one place decides what a name may hold and when two names are the same.
//
// Folded: compatibility forms (fullwidth `Ｐｉｐｅ`, ligatures, superscripts) become their plain
// letters (NFKC), and runs of spaces one space. Refused (422): invisible and direction-changing
// characters (zero-width, bidi controls, other control or format characters), and a word that mixes
// lookalike scripts (Latin with Cyrillic, Greek, Armenian or Cherokee, as in `Pіpeline` with a
// Cyrillic і). Two names are the same when their keys are equal: case folded and lookalike letters
// mapped to the Latin ones they imitate, so `Équipe`/`équipe` and `Excel`/`Ехсеl` (Cyrillic) collide
// on both databases alike.
import { invalidField } from './errors.ts';
import { CONFUSABLES } from './confusables.ts';

export const MAX_NAME = 255;
export const MAX_DESCRIPTION = 2000;

/** Characters nobody can see or that reorder what is shown: never in a name. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u180E]/u;

/** Scripts whose letters imitate each other; a word may use only one of them. */
const LOOKALIKE_SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Coptic', /\p{Script=Coptic}/u],
];

function scriptsOf(word: string): string[] {
  const found = new Set<string>();
  for (const ch of word) for (const [name, re] of LOOKALIKE_SCRIPTS) if (re.test(ch)) found.add(name);
  return [...found];
}

/**
 * A name as it is stored: NFKC-folded, spaces collapsed and trimmed, non-blank, at most 255
 * characters, without invisible characters or words that mix lookalike scripts. 422 naming `field`.
 */
export function cleanName(raw: string, field = 'name'): string {
  if (raw.includes('\u0000')) throw invalidField(field, `The ${field} must not contain NUL characters`);
  const name = raw.normalize('NFKC').replace(/[\s\u00A0]+/gu, ' ').trim();
  if (name === '') throw invalidField(field, `The ${field} must not be blank`);
  const invisible = INVISIBLE.exec(name);
  if (invisible) {
    const code = invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw invalidField(field, `The ${field} must not contain invisible or direction-changing characters (found U+${code})`);
  }
  for (const word of name.split(/[\s\p{P}\p{S}]+/u)) {
    const scripts = scriptsOf(word);
    if (scripts.length > 1) throw invalidField(field, `The ${field} mixes ${scripts.join(' and ')} letters in "${word}"; lookalike letters from several scripts are not allowed in one word`);
  }
  if (name.length > MAX_NAME) throw invalidField(field, `The ${field} must be at most ${MAX_NAME} characters`);
  return name;
}

/** The key two names are compared on: case folded, accents kept, lookalike letters mapped to Latin. */
export function nameKey(name: string): string {
  let out = '';
  for (const ch of name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC')) out += CONFUSABLES[ch] ?? ch;
  return out;
}

/**
 * Whether a text would pass for a service user id (`…@service`) once case, compatibility forms,
 * invisible characters and lookalike letters are set aside. No personal account may take such an id.
 */
export function looksLikeServiceUserId(text: string): boolean {
  const bare = nameKey(text.normalize('NFKD').replace(/\p{M}+/gu, '')).replace(new RegExp(INVISIBLE.source, 'gu'), '');
  return /@\s*service\s*$/u.test(bare);
}

export function cleanDescription(description: string | null | undefined): string | null | undefined {
  if (description === undefined || description === null) return description;
  if (description.length > MAX_DESCRIPTION) throw invalidField('description', `The description must be at most ${MAX_DESCRIPTION} characters`);
  if (description.includes('\u0000')) throw invalidField('description', 'The description must not contain NUL characters');
  return description;
}
