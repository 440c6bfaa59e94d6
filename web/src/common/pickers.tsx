// Choosing users and datastores from lists too long to load whole: the server searches as the
// person types (a page of 20), and what was chosen keeps its label.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { MultiSelect, Select, type OptionsFilter } from '@mantine/core';
import { api, call } from '../api/client.ts';
import type { Query, UserSummary } from '../api/types.ts';
import { useDebounced } from './paging.tsx';

type UserType = Query<'/api/users'>['type'];

function useUserSearch(search: string, type: UserType, activeOnly: boolean, enabled = true) {
  const q = useDebounced(search.trim(), 200);
  return useQuery({
    queryKey: ['users', 'pick', { q, type, activeOnly }],
    queryFn: () => call(api.GET('/api/users', { params: { query: { q: q || undefined, type, active: activeOnly ? true : undefined, size: 20, sort: 'name' } } })),
    enabled,
    staleTime: 30_000,
  });
}

/** A team's member picker asks this much before it searches (the server's minimum: 422 below it). */
export const CANDIDATE_MIN_QUERY = 2;

/**
 * People who may be added to a team, as the server finds them for whoever may change its members
 * (an Admin, or a maintainer of any role): active, not members yet, and only after two characters.
 */
function useCandidateSearch(search: string, teamId: number | undefined) {
  const q = useDebounced(search.trim(), 200);
  return useQuery({
    queryKey: ['team', teamId, 'member-candidates', q],
    queryFn: () => call(api.GET('/api/teams/{id}/member-candidates', { params: { path: { id: teamId! }, query: { q, limit: 20 } } })),
    enabled: teamId !== undefined && [...q].length >= CANDIDATE_MIN_QUERY,
    staleTime: 30_000,
  });
}

/**
 * How a person or service user is offered: name and email, or a service user's readable user_id;
 * never a person's raw `issuer|subject`.
 */
const label = (u: { name: string; user_id: string; email?: string | null }) =>
  u.email ? `${u.name} (${u.email})` : u.user_id.includes('|') ? u.name : `${u.name} (${u.user_id})`;
/** The server already filtered: show its answer as it is. */
const keepAll: OptionsFilter = ({ options }) => options;

export function UserPicker({ label: fieldLabel, value, onChange, type, initial, description, error, required, disabled, activeOnly = true }: {
  label: string; value: number | null; onChange: (id: number | null, user: UserSummary | null) => void; type?: UserType;
  initial?: UserSummary | null; description?: string; error?: string; required?: boolean; disabled?: boolean; activeOnly?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<UserSummary | null>(initial ?? null);
  const found = useUserSearch(search, type, activeOnly);
  const options = useMemo(() => {
    const list = (found.data?.items ?? []).map((u) => ({ value: String(u.id), label: label(u) }));
    const current = chosen && chosen.id === value ? chosen : initial && initial.id === value ? initial : null;
    if (current && !list.some((o) => o.value === String(current.id))) list.unshift({ value: String(current.id), label: label(current) });
    return list;
  }, [found.data, chosen, initial, value]);
  return (
    <Select
      label={fieldLabel} description={description} error={error} required={required} disabled={disabled}
      placeholder="Type to search" searchable clearable data={options} filter={keepAll}
      value={value === null ? null : String(value)}
      onSearchChange={setSearch}
      nothingFoundMessage={found.isFetching ? 'Searching…' : 'Nobody matches'}
      onChange={(v) => {
        const u = v ? found.data?.items.find((x) => String(x.id) === v) : undefined;
        const summary = u ? { id: u.id, user_id: u.user_id, name: u.name } : null;
        if (summary) setChosen(summary);
        onChange(v ? Number(v) : null, summary ?? (v && chosen?.id === Number(v) ? chosen : null));
      }}
    />
  );
}

/**
 * Members of a team. With `teamId` (a team that exists) it offers the people the server says may be
 * added (GET /api/teams/{id}/member-candidates), for an Admin and a maintainer alike, and the team's
 * members taken out before saving; without (a new team, which only an Admin creates) it searches
 * the users list.
 */
export function UserMultiPicker({ label: fieldLabel, value, onChange, initial, teamId, description, error, disabled }: {
  label: string; value: number[]; onChange: (ids: number[], users: UserSummary[]) => void; initial: UserSummary[]; teamId?: number; description?: string; error?: string; disabled?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [known, setKnown] = useState<Map<number, UserSummary>>(() => new Map(initial.map((u) => [u.id, u])));
  const byTeam = teamId !== undefined;
  const users = useUserSearch(byTeam ? '' : search, undefined, false, !byTeam);
  const candidates = useCandidateSearch(search, teamId);
  const found = byTeam ? candidates : users;
  const tooShort = byTeam && [...search.trim()].length < CANDIDATE_MIN_QUERY;
  const options = useMemo(() => {
    const list = new Map<string, string>();
    for (const id of value) {
      const u = known.get(id);
      if (u) list.set(String(id), label(u));
    }
    for (const u of found.data?.items ?? []) list.set(String(u.id), label(u));
    // Members taken out of the list but not saved yet are no candidates (they are still members): offered back here.
    const typed = search.trim().toLowerCase();
    if (byTeam && !tooShort) for (const u of initial) if (!value.includes(u.id) && u.name.toLowerCase().includes(typed)) list.set(String(u.id), label(u));
    return [...list].map(([v, l]) => ({ value: v, label: l }));
  }, [found.data, known, value, byTeam, tooShort, search, initial]);
  return (
    <MultiSelect
      label={fieldLabel} description={description} error={error} disabled={disabled}
      placeholder="Type to search people and service users" searchable data={options} filter={keepAll}
      value={value.map(String)} searchValue={search} onSearchChange={setSearch} hidePickedOptions
      nothingFoundMessage={tooShort ? `Type at least ${CANDIDATE_MIN_QUERY} characters of a name or email` : found.isFetching ? 'Searching…' : 'Nobody matches'}
      onChange={(values) => {
        const next = new Map(known);
        for (const u of found.data?.items ?? []) if (values.includes(String(u.id))) next.set(u.id, { id: u.id, user_id: u.user_id, name: u.name });
        setKnown(next);
        const ids = values.map(Number);
        onChange(ids, ids.flatMap((id) => next.get(id) ?? []));
      }}
    />
  );
}

export function useDatastoreOptions(enabled = true) {
  const datastores = useQuery({
    queryKey: ['datastores', 'options'],
    queryFn: () => call(api.GET('/api/datastores', { params: { query: { size: 200 } } })),
    enabled,
    staleTime: 30_000,
  });
  return datastores.data?.items ?? [];
}
