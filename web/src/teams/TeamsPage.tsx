// Teams: each gives its members one permission level on its datastores. Admins manage; Managers read.
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { api, call } from '../api/client.ts';
import { capitalize } from '../common/format.ts';
import { Pager, intParam, useDebounced, useUrlState } from '../common/paging.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';

export default function TeamsPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useUrlState();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim());
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParams({ q });
  }, [q, params, setParams]);
  const page = intParam(params, 'page', 1);
  const size = intParam(params, 'size', 50);
  const teams = useQuery({
    queryKey: ['teams', 'list', { q: params.get('q'), page, size }],
    queryFn: () => call(api.GET('/api/teams', { params: { query: { q: params.get('q') || undefined, page, size } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title="Teams"
        description="A team gives every member one permission level on every datastore of the team."
        actions={can('teams.manage') && <Button component={Link} to="/teams/new" leftSection={<IconPlus size={16} aria-hidden />}>New team</Button>}
      />
      <Card withBorder padding="md">
        <Stack gap="md">
          <TextInput label="Search" placeholder="Name or description" value={search} onChange={(e) => setSearch(e.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />} maw={360} maxLength={255} />
          {teams.error && <ProblemAlert error={teams.error} onRetry={() => void teams.refetch()} />}
          {teams.isPending ? <Loading label="Loading teams…" /> : teams.data && (teams.data.total === 0 ? (
            <EmptyState title="No teams match" />
          ) : (
            <Table.ScrollContainer minWidth={680}>
              <Table highlightOnHover verticalSpacing="sm" aria-label="Teams">
                <Table.Thead>
                  <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Level</Table.Th><Table.Th>Members</Table.Th><Table.Th>Datastores</Table.Th><Table.Th>Description</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {teams.data.items.map((t) => (
                    <Table.Tr key={t.id} className="warden-row-link" onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) void navigate(`/teams/${t.id}`); }}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Anchor component={Link} to={`/teams/${t.id}`} fw={600} size="sm" className="warden-truncate" title={t.name}>{t.name}</Anchor>
                          {t.is_public && <Badge variant="light" color="teal">Public</Badge>}
                        </Group>
                      </Table.Td>
                      <Table.Td><Badge variant="light">{capitalize(t.permission)}</Badge></Table.Td>
                      <Table.Td><Text size="sm">{t.is_public ? 'Everyone' : t.users.length}</Text></Table.Td>
                      <Table.Td><Text size="sm">{t.datastores.length}</Text></Table.Td>
                      <Table.Td><Text size="sm" lineClamp={2}>{t.description ?? '—'}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
          {teams.data && teams.data.total > 0 && <Pager page={page} size={size} total={teams.data.total} label="teams" onPage={(p) => setParams({ page: String(p) })} />}
        </Stack>
      </Card>
    </>
  );
}
