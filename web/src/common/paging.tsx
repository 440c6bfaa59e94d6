// Server-side paging and filters kept in the URL, so that every list view is a link to share.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Group, Pagination, Select, Text } from '@mantine/core';

/**
 * A query parameter as state; setting it resets `page` unless it is the page itself. Each change
 * applies on top of the one before it even when the page has not re-rendered in between (two picks
 * in a row, a debounced search landing between them): the router renders a navigation in a
 * transition, so the search params of the last render can be older than the last change asked.
 */
export function useUrlState(): [URLSearchParams, (changes: Record<string, string | null | undefined>) => void] {
  const [params, setParams] = useSearchParams();
  // The last change asked for and not yet rendered; once rendered, the rendered params are the truth.
  const pending = useRef<URLSearchParams | null>(null);
  useEffect(() => {
    pending.current = null;
  }, [params]);
  const update = useCallback((changes: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(pending.current ?? window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    pending.current = next;
    setParams(next, { replace: true });
  }, [setParams]);
  return [params, update];
}

/** A value that follows `value` once it has stopped changing for `ms` (search boxes). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const n = Number(params.get(name));
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const SIZES = ['25', '50', '100', '200'];

export function Pager({ page, size, total, onPage, onSize, label = 'items' }: {
  page: number; size: number; total: number; onPage: (page: number) => void; onSize?: (size: number) => void; label?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  return (
    <Group justify="space-between" mt="md" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total === 0 ? `No ${label}` : `${first.toLocaleString()}–${last.toLocaleString()} of ${total.toLocaleString()} ${total === 1 ? label.replace(/s$/, '') : label}`}
      </Text>
      <Group gap="sm">
        {onSize && (
          <Select
            aria-label="Rows per page" size="xs" w={90} data={SIZES} value={String(size)} allowDeselect={false}
            onChange={(v) => v && onSize(Number(v))}
          />
        )}
        {pages > 1 && (
          <Pagination
            total={pages} value={Math.min(page, pages)} onChange={onPage} size="sm" siblings={1} boundaries={1}
            getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
          />
        )}
      </Group>
    </Group>
  );
}
