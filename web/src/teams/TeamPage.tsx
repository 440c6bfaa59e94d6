// One team (or a new one): name, description, permission level with what each level means,
// members and datastores; the Public team's rules; and a History tab with every change.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Group, MultiSelect, Radio, Select, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconTrash } from '@tabler/icons-react';
import { api, call, isApiError } from '../api/client.ts';
import type { Team } from '../api/types.ts';
import { EventsTable } from '../audit/EventsTable.tsx';
import { capitalize, formatDateTime, isoToLocalInput, localInputToIso } from '../common/format.ts';
import { Pager, intParam, useUrlState } from '../common/paging.tsx';
import { UserMultiPicker, useDatastoreOptions } from '../common/pickers.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, UserLink } from '../common/ui.tsx';
import { takeDraft, useDraft } from '../session/drafts.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { NotAllowedPage } from '../session/NotAllowed.tsx';
import { LEVELS, levelSummary, type Level } from './levels.ts';

interface TeamValues {
  name: string;
  description: string;
  permission: Level;
  userIds: number[];
  /** When each membership ends by itself (a datetime-local value), by user id; empty: it does not. */
  until: Record<string, string>;
  datastoreIds: string[];
}

/** Whether the signed-in person maintains this team (WARDEN_TEAM_MAINTAINERS): they then change its members. */
function useMaintains(team: Team | null): boolean {
  const { user, info } = useSession();
  return Boolean(team && info.team_maintainers && user.maintains.some((t) => t.id === team.id));
}

function TeamForm({ team }: { team: Team | null }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const datastores = useDatastoreOptions(can('teams.manage'));
  const editable = can('teams.manage');
  const maintainer = useMaintains(team) && !editable;
  const membersEditable = editable || maintainer;
  const isPublic = team?.is_public ?? false;
  const draftKey = `team.${team?.id ?? 'new'}`;
  const [draft] = useState(() => takeDraft<TeamValues>(draftKey));
  const form = useForm<TeamValues>({
    initialValues: draft ?? {
      name: team?.name ?? '', description: team?.description ?? '', permission: (team?.permission ?? 'reporter') as Level,
      userIds: team?.users.map((u) => u.id) ?? [], datastoreIds: team?.datastores.map((d) => String(d.id)) ?? [],
      until: Object.fromEntries((team?.users ?? []).filter((u) => u.until).map((u) => [String(u.id), isoToLocalInput(u.until)])),
    },
    validate: {
      name: (v) => (v.trim() === '' ? 'A name is required' : v.length > 255 ? 'At most 255 characters' : null),
      until: (v) => (Object.values(v).some((t) => t && (localInputToIso(t) === null || Date.parse(t) <= Date.now())) ? 'Membership ends must be in the future' : null),
    },
  });
  const [names, setNames] = useState<Map<number, string>>(() => new Map((team?.users ?? []).map((u) => [u.id, u.name])));
  useDraft(draftKey, form.values);
  const save = useMutation({
    mutationFn: async (v: TeamValues) => {
      if (maintainer && team) {
        // A maintainer changes the members only.
        const members = v.userIds.map((id) => ({ user_id: id, until: v.until[String(id)] ? localInputToIso(v.until[String(id)]) : null }));
        return call(api.PUT('/api/teams/{id}', { params: { path: { id: team.id } }, body: { members } }));
      }
      const body = {
        description: v.description.trim() || null, permission: v.permission, datastore_ids: v.datastoreIds.map(Number),
        ...(isPublic ? {} : {
          name: v.name.trim(),
          // With their ends: a membership may stop by itself (time-bound access); none means it does not.
          members: v.userIds.map((id) => ({ user_id: id, until: v.until[String(id)] ? localInputToIso(v.until[String(id)]) : null })),
        }),
      };
      return team
        ? call(api.PUT('/api/teams/{id}', { params: { path: { id: team.id } }, body }))
        : call(api.POST('/api/teams', { body: { ...body, name: v.name.trim() } }));
    },
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: team ? `Team “${saved.name}” saved` : `Team “${saved.name}” created` });
      for (const key of ['teams', 'team', 'users', 'user', 'permissions', 'datastores', 'audit']) void queryClient.invalidateQueries({ queryKey: [key] });
      if (!team) void navigate(`/teams/${saved.id}`, { replace: true });
    },
    onError: (err) => {
      if (isApiError(err)) form.setErrors({ name: err.fieldError('name') ?? (err.status === 409 ? err.message : undefined), userIds: err.fieldError('members') ?? err.fieldError('user_ids'), datastoreIds: err.fieldError('datastore_ids') });
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/teams/{id}', { params: { path: { id: team!.id } } })),
    onSuccess: () => {
      notifications.show({ color: 'green', message: `Team “${team!.name}” deleted` });
      for (const key of ['teams', 'users', 'user', 'permissions', 'datastores']) void queryClient.invalidateQueries({ queryKey: [key] });
      void navigate('/teams');
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Could not delete', message: err.message }),
  });
  const confirmDelete = () => modals.openConfirmModal({
    modalId: `team-delete-${team!.id}`,
    title: `Delete team “${team!.name}”?`,
    children: <Text size="sm">Its members lose the access it gave them on its datastores, from the next request. Its history stays readable in the audit log.</Text>,
    labels: { confirm: 'Delete team', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: () => remove.mutate(),
  });

  const datastoreOptions = datastores.map((d) => ({ value: String(d.id), label: `${d.name} (${d.kind})` }));
  for (const d of team?.datastores ?? []) if (!datastoreOptions.some((o) => o.value === String(d.id))) datastoreOptions.push({ value: String(d.id), label: d.name });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="md" maw={760}>
        {isPublic && (
          <Alert color="teal" variant="light" icon={<IconInfoCircle aria-hidden />} title="The Public team">
            Every user, personal or service, is always a member: membership is implicit and cannot be edited. It cannot be renamed or deleted.
            Its level and datastores can be set; with no datastore (the default) it grants nothing.
          </Alert>
        )}
        {!editable && !maintainer && <Text size="sm" c="dimmed">Read-only: only Admins change teams.</Text>}
        {maintainer && <Text size="sm" c="dimmed">You maintain this team: you change its members and maintainers; its name, level and datastores are the Admins&apos;.</Text>}
        <TextInput label="Name" required maxLength={255} disabled={!editable || isPublic} {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} maxLength={2000} disabled={!editable} {...form.getInputProps('description')} />
        <Radio.Group label="Permission level" description="Every member gets this level on every datastore of the team; each level includes those below it" {...form.getInputProps('permission')}>
          <Stack gap="xs" mt="xs">
            {LEVELS.map((level) => (
              <Radio key={level} value={level} disabled={!editable} label={capitalize(level)} description={levelSummary(level)} />
            ))}
          </Stack>
        </Radio.Group>
        {isPublic ? (
          <Text size="sm"><strong>Members:</strong> every user (implicit)</Text>
        ) : (
          <Stack gap={6}>
            <UserMultiPicker label="Members" value={form.values.userIds} initial={team?.users ?? []} teamId={team?.id}
              onChange={(ids, users) => { form.setFieldValue('userIds', ids); setNames(new Map([...names, ...users.map((u) => [u.id, u.name] as const)])); }}
              disabled={!membersEditable} error={form.errors.userIds as string | undefined} description="Nobody adds themselves to a team" />
            {form.values.userIds.length > 0 && (
              <Table fz="sm" verticalSpacing={4} aria-label="When memberships end">
                <Table.Thead><Table.Tr><Table.Th>Member</Table.Th><Table.Th>Membership ends (optional)</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {form.values.userIds.map((id) => (
                    <Table.Tr key={id}>
                      <Table.Td>{names.get(id) ?? `User ${id}`}</Table.Td>
                      <Table.Td>
                        <TextInput type="datetime-local" size="xs" disabled={!membersEditable} aria-label={`Membership of ${names.get(id) ?? id} ends`}
                          value={form.values.until[String(id)] ?? ''} onChange={(e) => form.setFieldValue('until', { ...form.values.until, [String(id)]: e.currentTarget.value })} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {form.errors.until && <Text size="xs" c="red">{form.errors.until}</Text>}
          </Stack>
        )}
        <MultiSelect label="Datastores" placeholder={editable ? 'Add datastores' : undefined} searchable data={datastoreOptions} disabled={!editable} nothingFoundMessage="No datastore" {...form.getInputProps('datastoreIds')} />
        {save.error && <ProblemAlert error={save.error} />}
        {editable && (
          <Group justify="space-between">
            {team && !isPublic ? <Button color="red" variant="subtle" leftSection={<IconTrash size={16} aria-hidden />} onClick={confirmDelete}>Delete team</Button> : <span />}
            <Button type="submit" loading={save.isPending}>{team ? 'Save team' : 'Create team'}</Button>
          </Group>
        )}
        {maintainer && <Group justify="flex-end"><Button type="submit" loading={save.isPending}>Save members</Button></Group>}
      </Stack>
    </form>
  );
}

/** Maintainers (WARDEN_TEAM_MAINTAINERS=on): shown to Admins and to the team's maintainers, who may change them. */
function TeamMaintainers({ team }: { team: Team }) {
  const { can, user } = useSession();
  const queryClient = useQueryClient();
  const [pick, setPick] = useState<string | null>(null);
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    setPick(null);
    for (const key of ['team', 'teams', 'user', 'users', 'audit']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
  const add = useMutation({
    mutationFn: (userId: number) => call(api.POST('/api/teams/{id}/maintainers', { params: { path: { id: team.id } }, body: { user_id: userId } })),
    onSuccess: () => done('Maintainer added'),
    onError: (err) => notifications.show({ color: 'red', title: 'Could not add the maintainer', message: err.message }),
  });
  const remove = useMutation({
    mutationFn: (userId: number) => call(api.DELETE('/api/teams/{id}/maintainers/{user_id}', { params: { path: { id: team.id, user_id: userId } } })),
    onSuccess: () => done('Maintainer removed'),
    onError: (err) => notifications.show({ color: 'red', title: 'Could not remove the maintainer', message: err.message }),
  });
  const manages = can('teams.manage') || team.maintainers.some((m) => m.id === user.id);
  const candidates = team.users.filter((u) => !team.maintainers.some((m) => m.id === u.id) && u.id !== user.id).map((u) => ({ value: String(u.id), label: u.name }));
  return (
    <Stack gap="sm" maw={760} aria-label="Maintainers">
      <Title order={3} size="h5">Maintainers</Title>
      <Text size="sm" c="dimmed">Members who add and remove this team&apos;s members and maintainers, whatever their role. Nothing else: its name, level and datastores stay the Admins&apos;.</Text>
      {team.maintainers.length === 0 ? <Text size="sm">No maintainers.</Text> : (
        <Table fz="sm" verticalSpacing={4} aria-label="Maintainers of the team">
          <Table.Tbody>
            {team.maintainers.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td><UserLink user={m} /></Table.Td>
                <Table.Td ta="right">
                  {manages && m.id !== user.id && <Button size="xs" variant="subtle" color="red" loading={remove.isPending && remove.variables === m.id} onClick={() => remove.mutate(m.id)} aria-label={`Remove ${m.name} as maintainer`}>Remove</Button>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {manages && (
        <Group align="flex-end">
          <Select label="Make a member a maintainer" placeholder={candidates.length ? 'Choose a member' : 'No other member'} data={candidates} value={pick} onChange={setPick} searchable disabled={candidates.length === 0} />
          <Button disabled={!pick} loading={add.isPending} onClick={() => pick && add.mutate(Number(pick))}>Add maintainer</Button>
        </Group>
      )}
    </Stack>
  );
}

function TeamHistory({ team }: { team: Team }) {
  const [params, setParams] = useUrlState();
  const page = intParam(params, 'page', 1);
  const history = useQuery({
    queryKey: ['team', team.id, 'history', page],
    queryFn: () => call(api.GET('/api/teams/{id}/history', { params: { path: { id: team.id }, query: { page, size: 25 } } })),
  });
  if (history.isPending) return <Loading />;
  if (history.error) return <ProblemAlert error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.total === 0) return <EmptyState title="No changes recorded" />;
  return (
    <Stack gap="sm">
      <EventsTable events={history.data.items} label={`History of ${team.name}`} />
      <Pager page={page} size={25} total={history.data.total} label="changes" onPage={(p) => setParams({ page: String(p) })} />
    </Stack>
  );
}

export default function TeamPage() {
  const { id } = useParams();
  const [params, setParams] = useUrlState();
  const { can, user, info } = useSession();
  const numericId = id ? Number(id) : null;
  // Managers and Admins read every team; a maintainer (whatever their role) the teams they maintain.
  const mayRead = can('teams.read') || (info.team_maintainers && user.maintains.some((t) => t.id === numericId));
  const team = useQuery({
    queryKey: ['team', numericId],
    queryFn: () => call(api.GET('/api/teams/{id}', { params: { path: { id: numericId! } } })),
    enabled: mayRead && numericId !== null && Number.isInteger(numericId) && numericId > 0,
  });
  if (!mayRead) return <NotAllowedPage action="teams.read" />;
  if (numericId === null) {
    return (
      <>
        <PageHeader title="New team" />
        <Card withBorder padding="lg"><TeamForm team={null} /></Card>
      </>
    );
  }
  if (!Number.isInteger(numericId) || numericId < 1) return <ProblemAlert error={new Error('No such team')} />;
  if (team.isPending) return <Loading label="Loading team…" />;
  if (team.error) return <ProblemAlert error={team.error} title={isApiError(team.error, 404) ? 'No such team' : undefined} onRetry={() => void team.refetch()} />;
  const t = team.data;
  const tab = params.get('tab') ?? 'settings';
  return (
    <>
      <PageHeader
        title={<Group gap="sm" component="span">{t.name}{t.is_public && <Badge variant="light" color="teal">Public</Badge>}</Group>}
        description={<>Level {capitalize(t.permission)} · created {formatDateTime(t.created_at)} by <UserLink user={t.created_by} /></>}
        actions={can('audit.read') && <Anchor component={Link} to={`/audit?target_type=team&target_id=${t.id}`} size="sm">Audit events</Anchor>}
      />
      <Tabs value={tab} onChange={(v) => setParams({ tab: v === 'settings' ? null : v })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings">
          <Stack gap="md">
            <Card withBorder padding="lg"><TeamForm key={t.updated_at} team={t} /></Card>
            {info.team_maintainers && !t.is_public && (can('teams.manage') || t.maintainers.some((m) => m.id === user.id)) && <Card withBorder padding="lg"><TeamMaintainers team={t} /></Card>}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history"><Card withBorder padding="md"><TeamHistory team={t} /></Card></Tabs.Panel>
      </Tabs>
    </>
  );
}
