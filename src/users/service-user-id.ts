// The service user id rule of access-model.md §1:
// "Pipeline Automation" → "pipeline_automation@service", "Café  Sync!" → "cafe_sync@service".

/**
 * The id for a service user name, or null when nothing would be left of it. An id of
 * underscores alone ("!!! ###" → "_") counts as empty: it names nothing.
 */
export function serviceUserIdFor(name: string): string | null {
  const base = name
    .trim()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // é → e + ◌́ → e
    .toLowerCase()
    .replace(/\s+/gu, '_')
    .replace(/[^a-z0-9_]/g, '');
  return /[a-z0-9]/.test(base) ? `${base}@service` : null;
}
