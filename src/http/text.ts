// Rules for the free-text fields several features share (team and datastore names, descriptions).
import { invalidField } from './errors.ts';

export const MAX_NAME = 255;
export const MAX_DESCRIPTION = 2000;

/** A trimmed, non-blank name of at most 255 characters, without NUL (PostgreSQL refuses it in text). */
export function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw invalidField('name', 'The name must not be blank');
  if (trimmed.includes('\u0000')) throw invalidField('name', 'The name must not contain NUL characters');
  if (trimmed.length > MAX_NAME) throw invalidField('name', `The name must be at most ${MAX_NAME} characters`);
  return trimmed;
}

export function cleanDescription(description: string | null | undefined): string | null | undefined {
  if (description === undefined || description === null) return description;
  if (description.length > MAX_DESCRIPTION) throw invalidField('description', `The description must be at most ${MAX_DESCRIPTION} characters`);
  if (description.includes('\u0000')) throw invalidField('description', 'The description must not contain NUL characters');
  return description;
}
