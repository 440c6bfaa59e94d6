// What a person was typing survives a session that ends under them: open forms register their
// values; when the API says the session is gone they are kept in sessionStorage (this tab only,
// never a secret), and the same form on the same page takes them back after signing in again.
import { useEffect, useRef } from 'react';

const PREFIX = 'warden.draft.';
const sources = new Map<string, () => unknown>();

interface StoredDraft {
  path: string;
  values: unknown;
}

function here(): string {
  return location.pathname + location.search;
}

/** Writes every open form's values; called when the session ends. */
export function saveDrafts(): void {
  for (const [key, read] of sources) {
    const draft: StoredDraft = { path: here(), values: read() };
    sessionStorage.setItem(PREFIX + key, JSON.stringify(draft));
  }
}

/** The values saved for this form on this page, once (they are removed as they are read). */
export function takeDraft<T>(key: string): T | null {
  const raw = sessionStorage.getItem(PREFIX + key);
  if (raw === null) return null;
  sessionStorage.removeItem(PREFIX + key);
  try {
    const draft = JSON.parse(raw) as StoredDraft;
    return draft.path === here() ? (draft.values as T) : null;
  } catch {
    return null;
  }
}

/** Whether a draft waits for this form on this page (to reopen a dialog, say). */
export function hasDraft(key: string): boolean {
  const raw = sessionStorage.getItem(PREFIX + key);
  if (raw === null) return false;
  try {
    return (JSON.parse(raw) as StoredDraft).path === here();
  } catch {
    return false;
  }
}

/** Registers an open form: its latest values are saved if the session ends while it is open. */
export function useDraft(key: string, values: unknown): void {
  const latest = useRef(values);
  latest.current = values;
  useEffect(() => {
    sources.set(key, () => latest.current);
    return () => {
      sources.delete(key);
    };
  }, [key]);
}
