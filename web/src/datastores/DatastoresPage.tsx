// Datastores: the registry access is decided on. A Member sees those a team of theirs reaches;
// Managers and Admins see all and register new ones; editing needs the editor level (or Admin).
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Anchor, Badge, Button, Card, Group, Menu, Modal, MultiSelect, Select, Stack, Table, Text, TextInput, Textarea, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDots, IconEdit, IconHistory, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { api, call, isApiError } from '../api/client.ts';
import type { Datastore } from '../api/types.ts';
import { Pager, intParam, useDebounced, useUrlState } from '../common/paging.tsx';
import { CopyableId, EmptyState, Loading, PageHeader, ProblemAlert, TimeAgo, TruncatedName } from '../common/ui.tsx';
import { takeDraft, useDraft } from '../session/drafts.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { useTeamOptions } from '../users/UsersPage.tsx';

type Kind = Datastore['kind'];
const KINDS: { value: Kind; label: string }[] = [{ value: 'source', label: 'Source' }, { value: 'enrichment', label: 'Enrichment' }];

interface DatastoreValues {
  name: string;
  kind: Kind;
  description: string;
  teamIds: string[];
}

function DatastoreForm({ datastore, onDone }: { datastore: Datastore | null; onDone: () => void }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const assignTeams = can('teams.manage');
  const teams = useTeamOptions(assignTeams);
  const key = `datastore.${datastore?.id ?? 'new'}`;
  const [draft] = useState(() => takeDraft<DatastoreValues>(key));
  const form = useForm<DatastoreValues>({
    initialValues: draft ?? { name: datastore?.name ?? '', kind: datastore?.kind ?? 'source', description: datastore?.description ?? '', teamIds: datastore?.teams.map((t) => String(t.id)) ?? [] },
    validate: { name: (v) => (v.trim() === '' ? 'A name is required' : v.length > 255 ? 'At most 255 characters' : null) },
  });
  useDraft(key, form.values);
  const save = useMutation({
    mutationFn: (v: DatastoreValues) => {
      const body = { name: v.name.trim(), kind: v.kind, description: v.description.trim() || null, ...(assignTeams ? { team_ids: v.teamIds.map(Number) } : {}) };
      return datastore ? call(api.PUT('/api/datastores/{id}', { params: { path: { id: datastore.id } }, body })) : call(api.POST('/api/datastores', { body }));
    },
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: datastore ? `Datastore “${saved.name}” saved` : `Datastore “${saved.name}” registered` });
      for (const k of ['datastores', 'teams', 'team', 'permissions']) void queryClient.invalidateQueries({ queryKey: [k] });
      onDone();
    },
    onError: (err) => isApiError(err) && form.setErrors({ name: err.fieldError('name') ?? (err.status === 409 ? err.message : undefined), teamIds: err.fieldError('team_ids') }),
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <TextInput label="Name" required maxLength={255} description="Unique regardless of case" data-autofocus {...form.getInputProps('name')} />
        <Select label="Kind" data={KINDS} allowDeselect={false} {...form.getInputProps('kind')} />
        <Textarea label="Description" autosize minRows={2} maxLength={2000} {...form.getInputProps('description')} />
        {assignTeams ? (
          <MultiSelect label="Teams" description="Putting a datastore in a team grants the team's level on it to every member" searchable
            data={teams.map((t) => ({ value: String(t.id), label: `${t.name} (${t.permission})` }))} nothingFoundMessage="No team" {...form.getInputProps('teamIds')} />
        ) : !datastore && (
          <Text size="xs" c="dimmed">No team reaches a new datastore until an Admin puts it in one (default-deny).</Text>
        )}
        {save.error && <ProblemAlert error={save.error} />}
        <Group justify="flex-end"><Button variant="default" onClick={onDone}>Cancel</Button><Button type="submit" loading={save.isPending}>{datastore ? 'Save' : 'Register datastore'}</Button></Group>
      </Stack>
    </form>
  );
}

export default function DatastoresPage() {
  const session = useSession();
  const { can, permissions } = session;
  const queryClient = useQueryClient();
  const [params, setParams] = useUrlState();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim());
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParams({ q });
  }, [q, params, setParams]);
  const page = intParam(params, 'page', 1);
  const size = intParam(params, 'size', 50);
  const kind = (params.get('kind') as Kind | null) ?? undefined;
  const focus = Number(params.get('focus')) || null;
  const [editing, setEditing] = useState<Datastore | 'new' | null>(null);
  const datastores = useQuery({
    queryKey: ['datastores', 'list', { q: params.get('q'), kind, page, size }],
    queryFn: () => call(api.GET('/api/datastores', { params: { query: { q: params.get('q') || undefined, kind, page, size } } })),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (d: Datastore) => call(api.DELETE('/api/datastores/{id}', { params: { path: { id: d.id } } })),
    onSuccess: (_r, d) => {
      notifications.show({ color: 'green', message: `Datastore “${d.name}” deleted` });
      for (const k of ['datastores', 'teams', 'team', 'permissions']) void queryClient.invalidateQueries({ queryKey: [k] });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Could not delete', message: err.message }),
  });
  const canEdit = (d: Datastore) => permissions.all_datastores || permissions.datastores.some((p) => p.id === d.id && p.actions.includes('datastore.manage'));
  const confirmDelete = (d: Datastore) => modals.openConfirmModal({
    modalId: `datastore-delete-${d.id}`,
    title: `Delete datastore “${d.name}”?`,
    children: <Text size="sm">It leaves every team that holds it; nobody reaches it any more.</Text>,
    labels: { confirm: 'Delete datastore', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: () => remove.mutate(d),
  });
  return (
    <>
      <PageHeader
        title="Datastores"
        description={can('datastores.create') ? 'Every registered datastore and the teams that reach it.' : 'The datastores your teams reach.'}
        actions={can('datastores.create') && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>Register datastore</Button>}
      />
      <Card withBorder padding="md">
        <Stack gap="md">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput label="Search" placeholder="Name or description" value={search} onChange={(e) => setSearch(e.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />} style={{ flex: '1 1 220px' }} maw={360} maxLength={255} />
            <Select label="Kind" placeholder="Any" clearable w={160} data={KINDS} value={kind ?? null} onChange={(v) => setParams({ kind: v })} />
          </Group>
          {datastores.error && <ProblemAlert error={datastores.error} onRetry={() => void datastores.refetch()} />}
          {datastores.isPending ? <Loading label="Loading datastores…" /> : datastores.data && (datastores.data.total === 0 ? (
            <EmptyState title="No datastores">{can('datastores.create') ? 'Register one to start granting access to it.' : 'No team of yours reaches a datastore yet.'}</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" aria-label="Datastores">
                <Table.Thead>
                  <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Id</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Teams</Table.Th><Table.Th>Description</Table.Th><Table.Th>Created</Table.Th><Table.Th><VisuallyHidden>Menu</VisuallyHidden></Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {datastores.data.items.map((d) => (
                    <Table.Tr key={d.id} bg={focus === d.id ? 'var(--mantine-color-yellow-light)' : undefined}>
                      <Table.Td><TruncatedName name={d.name} fw={600} /></Table.Td>
                      <Table.Td><CopyableId id={d.id} what={`datastore ${d.name}`} /></Table.Td>
                      <Table.Td><Badge variant="light" color={d.kind === 'source' ? 'blue' : 'grape'}>{d.kind}</Badge></Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {d.teams.length === 0 ? <Text size="sm" c="dimmed">No team</Text> : d.teams.map((t) => (
                            can('teams.read') ? <Badge key={t.id} variant="outline" color="gray" component={Link} to={`/teams/${t.id}`} style={{ cursor: 'pointer' }}>{t.name}</Badge> : <Badge key={t.id} variant="outline" color="gray">{t.name}</Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td><Text size="sm" lineClamp={2}>{d.description ?? '—'}</Text></Table.Td>
                      <Table.Td><TimeAgo iso={d.created_at} /></Table.Td>
                      <Table.Td>
                        {(canEdit(d) || can('datastores.delete') || can('audit.read')) && (
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label={`Datastore menu for ${d.name}`}><IconDots size={18} aria-hidden /></ActionIcon></Menu.Target>
                            <Menu.Dropdown>
                              {canEdit(d) && <Menu.Item leftSection={<IconEdit size={16} aria-hidden />} onClick={() => setEditing(d)}>Edit</Menu.Item>}
                              {can('audit.read') && <Menu.Item leftSection={<IconHistory size={16} aria-hidden />} component={Link} to={`/audit?target_type=datastore&target_id=${d.id}`}>Audit events</Menu.Item>}
                              {can('datastores.delete') && <Menu.Item leftSection={<IconTrash size={16} aria-hidden />} color="red" onClick={() => confirmDelete(d)}>Delete</Menu.Item>}
                            </Menu.Dropdown>
                          </Menu>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
          {datastores.data && datastores.data.total > 0 && <Pager page={page} size={size} total={datastores.data.total} label="datastores" onPage={(p) => setParams({ page: String(p) })} />}
        </Stack>
      </Card>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={<Text fw={600}>{editing === 'new' ? 'Register a datastore' : `Edit ${editing?.name ?? ''}`}</Text>}>
        {editing !== null && editing !== 'new' && <Group gap="xs" mb="sm"><Text size="sm" c="dimmed">Datastore id</Text><CopyableId id={editing.id} what={`datastore ${editing.name}`} /></Group>}
        {editing !== null && <DatastoreForm datastore={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Text size="xs" c="dimmed" mt="md">Who reaches what: see <Anchor component={Link} to="/check-access" size="xs">Check access</Anchor>.</Text>
    </>
  );
}
