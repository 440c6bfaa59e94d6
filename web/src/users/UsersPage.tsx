// Settings → Users: every account, searched, filtered, sorted and paged by the server (fast at
// 100,000 users). Admins manage; Managers read.
import { memo, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Group, MultiSelect, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { api, call } from '../api/client.ts';
import type { Query, User } from '../api/types.ts';
import { ROLE_LABEL, TYPE_LABEL } from '../common/format.ts';
import { Pager, intParam, useDebounced, useUrlState } from '../common/paging.tsx';
import { SortHeader } from '../common/SortHeader.tsx';
import { ActiveBadge, EmptyState, Loading, PageHeader, ProblemAlert, RoleBadge, TimeAgo } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';

type UserQuery = Query<'/api/users'>;

export function useTeamOptions(enabled = true) {
  const teams = useQuery({
    queryKey: ['teams', 'options'],
    queryFn: () => call(api.GET('/api/teams', { params: { query: { size: 200 } } })),
    enabled,
    staleTime: 60_000,
  });
  return teams.data?.items ?? NO_TEAMS;
}

const NO_TEAMS: never[] = [];

const UserFilters = memo(function UserFilters({ search, onSearch, type, role, team, showDeactivated, teams, setParams }: {
  search: string; onSearch: (value: string) => void; type: string | null; role: string | null; team: string | null; showDeactivated: boolean;
  teams: { id: number; name: string }[]; setParams: (changes: Record<string, string | null | undefined>) => void;
}) {
  // The picks held here as well as in the URL: a second pick right after the first must add to it,
  // not to the URL's value of the last render (the router renders a navigation in a transition).
  const [teamValue, setTeamValue] = useState<string[]>(team ? team.split(',') : []);
  useEffect(() => setTeamValue(team ? team.split(',') : []), [team]);
  return (
    <Group gap="sm" wrap="wrap" align="flex-end">
      <TextInput
        label="Search" placeholder="Name, email or user id" value={search} onChange={(e) => onSearch(e.currentTarget.value)}
        leftSection={<IconSearch size={16} aria-hidden />} style={{ flex: '1 1 220px' }} maxLength={255}
      />
      <Select label="Type" placeholder="Any" clearable style={{ flex: '1 1 130px' }} value={type} onChange={(v) => setParams({ type: v })}
        data={[{ value: 'personal', label: TYPE_LABEL.personal }, { value: 'service', label: TYPE_LABEL.service }]} />
      <Select label="Role" placeholder="Any" clearable style={{ flex: '1 1 130px' }} value={role} onChange={(v) => setParams({ role: v })}
        data={(['member', 'manager', 'admin'] as const).map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
      <MultiSelect label="Teams" placeholder={teamValue.length ? undefined : 'Any'} clearable searchable style={{ flex: '1 1 200px' }} value={teamValue}
        onChange={(v) => {
          setTeamValue(v);
          setParams({ team: v.length ? v.join(',') : null });
        }}
        data={teams.map((t) => ({ value: String(t.id), label: t.name }))} nothingFoundMessage="No team" />
      <Switch label="Show deactivated" checked={showDeactivated} onChange={(e) => setParams({ deactivated: e.currentTarget.checked ? '1' : null })} style={{ flex: '0 0 auto', alignSelf: 'center' }} mt="lg" />
    </Group>
  );
});

/**
 * The rows, apart from the filters: a page of 50 renders only when its data changes (not when the
 * team list arrives or a filter opens), which keeps the first page quick at 100,000 users.
 */
const UsersTable = memo(function UsersTable({ items, sort, dir, onSort, busy }: {
  items: User[]; sort: string; dir: 'asc' | 'desc'; onSort: (field: string, dir: 'asc' | 'desc') => void; busy: boolean;
}) {
  const navigate = useNavigate();
  return (
      <Table.ScrollContainer minWidth={760}>
        <Table highlightOnHover verticalSpacing="sm" aria-label="Users" aria-busy={busy}>
          <Table.Thead>
            <Table.Tr>
              <SortHeader field="name" sort={sort} dir={dir} onSort={onSort}>Name &amp; Email</SortHeader>
              <Table.Th>Type</Table.Th>
              <SortHeader field="role" sort={sort} dir={dir} onSort={onSort}>Role</SortHeader>
              <Table.Th>Teams</Table.Th>
              <SortHeader field="last_active_at" sort={sort} dir={dir} onSort={onSort}>Last Active</SortHeader>
              <SortHeader field="created_at" sort={sort} dir={dir} onSort={onSort}>Created</SortHeader>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((u) => (
              <Table.Tr key={u.id} className="warden-row-link" onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) void navigate(`/users/${u.id}`); }}>
                <Table.Td>
                  <Stack gap={2}>
                    <Group gap={6} wrap="nowrap">
                      <Anchor component={Link} to={`/users/${u.id}`} fw={600} size="sm" className="warden-truncate" title={u.name}>{u.name}</Anchor>
                      <ActiveBadge active={u.active} />
                    </Group>
                    <Text size="xs" c="dimmed">{u.email ?? u.user_id}</Text>
                  </Stack>
                </Table.Td>
                <Table.Td><Text size="sm">{TYPE_LABEL[u.type]}</Text></Table.Td>
                <Table.Td><RoleBadge role={u.role} /></Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.teams.slice(0, 3).map((t) => <Badge key={t.id} variant="outline" color="gray" size="sm">{t.name}</Badge>)}
                    {u.teams.length > 3 && <Text size="xs" c="dimmed">+{u.teams.length - 3}</Text>}
                  </Group>
                </Table.Td>
                <Table.Td><TimeAgo iso={u.last_active_at} empty="Never" /></Table.Td>
                <Table.Td><TimeAgo iso={u.created_at} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
  );
});

export default function UsersPage() {
  const { can } = useSession();
  const [params, setParams] = useUrlState();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 250);
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParams({ q });
  }, [q, params, setParams]);

  const query: UserQuery = {
    q: params.get('q') || undefined,
    type: (params.get('type') as UserQuery['type']) || undefined,
    role: (params.get('role') as UserQuery['role']) || undefined,
    // Several teams: users in any of them. Deactivated users are hidden unless the switch is on.
    team: params.get('team') ? params.get('team')!.split(',') : undefined,
    active: params.get('deactivated') === '1' ? undefined : true,
    sort: (params.get('sort') as UserQuery['sort']) || 'name',
    sort_dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: intParam(params, 'page', 1),
    size: intParam(params, 'size', 50),
  };
  const users = useQuery({
    queryKey: ['users', 'list', query],
    queryFn: () => call(api.GET('/api/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const teams = useTeamOptions();
  const onSort = useCallback((field: string, dir: 'asc' | 'desc') => setParams({ sort: field, dir }), [setParams]);

  return (
    <>
      <PageHeader
        title="Users"
        description={can('users.manage') ? 'People and service users: roles, teams, deactivation.' : 'People and service users (read-only for your role).'}
        actions={can('service_users.manage') && (
          <Button component={Link} to="/users/new-service-user" leftSection={<IconPlus size={16} aria-hidden />}>New service user</Button>
        )}
      />
      <Card withBorder padding="md">
        <Stack gap="md">
          <UserFilters search={search} onSearch={setSearch} type={params.get('type')} role={params.get('role')} team={params.get('team')}
            showDeactivated={params.get('deactivated') === '1'} teams={teams} setParams={setParams} />
          {users.error && <ProblemAlert error={users.error} onRetry={() => void users.refetch()} />}
          {users.isPending ? <Loading label="Loading users…" /> : users.data && (
            users.data.total === 0 ? (
              <EmptyState title="No users match">Change the search or the filters.</EmptyState>
            ) : (
              <UsersTable items={users.data.items} sort={query.sort!} dir={query.sort_dir!} onSort={onSort} busy={users.isFetching} />
            )
          )}
          {users.data && (
            <Pager page={query.page!} size={query.size!} total={users.data.total} label="users"
              onPage={(page) => setParams({ page: String(page) })} onSize={(size) => setParams({ size: String(size) })} />
          )}
        </Stack>
      </Card>
    </>
  );
}
