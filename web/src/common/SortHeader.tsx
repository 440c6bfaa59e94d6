import type { ReactNode } from 'react';
import { Group, Table, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';

/** A column header that sorts the server-side list by its field. */
export function SortHeader({ field, sort, dir, onSort, children }: {
  field: string; sort: string; dir: 'asc' | 'desc'; onSort: (field: string, dir: 'asc' | 'desc') => void; children: ReactNode;
}) {
  const active = sort === field;
  const Icon = !active ? IconArrowsSort : dir === 'asc' ? IconSortAscending : IconSortDescending;
  return (
    <Table.Th aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(field, active && dir === 'asc' ? 'desc' : 'asc')} fw={600} fz="sm" style={{ whiteSpace: 'nowrap' }}>
        <Group gap={4} wrap="nowrap">{children}<Icon size={14} aria-hidden style={{ opacity: active ? 1 : 0.5 }} /></Group>
      </UnstyledButton>
    </Table.Th>
  );
}
