// Directory mappings (Admin): which directory groups (names, any case, or IdP group ids) give which
// team or role, at sign-in (WARDEN_OIDC_GROUP_SYNC) and through SCIM group membership (roles).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import type { paths } from '@client';
import { api, call, isApiError } from '../api/client.ts';
import { EmptyState, Loading, PageHeader, ProblemAlert, TimeAgo } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';

type Mapping = paths['/api/directory-mappings']['get']['responses'][200]['content']['application/json']['items'][number];

interface Values {
  group: string;
  kind: 'team' | 'role';
  teamId: string | null;
  role: 'manager' | 'admin';
  reason: string;
}

const MODE: Record<string, string> = {
  off: 'Group sync at sign-in is off (WARDEN_OIDC_GROUP_SYNC=off): groups are recorded on each user page, and only SCIM group membership applies role mappings.',
  add: 'Sign-in adds the mapped teams and roles (WARDEN_OIDC_GROUP_SYNC=add); it never removes any.',
  sync: 'Sign-in adds the mapped teams and roles and removes those of mapped teams and mapped roles the groups no longer grant (WARDEN_OIDC_GROUP_SYNC=sync).',
};

function NewMapping() {
  const queryClient = useQueryClient();
  const teams = useQuery({ queryKey: ['teams', 'all'], queryFn: () => call(api.GET('/api/teams', { params: { query: { size: 200 } } })) });
  const form = useForm<Values>({
    initialValues: { group: '', kind: 'team', teamId: null, role: 'manager', reason: '' },
    validate: {
      group: (v) => (v.trim() === '' ? 'A group name or id is required' : null),
      teamId: (v, all) => (all.kind === 'team' && !v ? 'Choose a team' : null),
      reason: (v, all) => (all.kind === 'role' && v.trim() === '' ? 'A reason is required: it justifies every elevation the mapping makes' : null),
    },
  });
  const create = useMutation({
    mutationFn: (v: Values) => call(api.POST('/api/directory-mappings', {
      body: v.kind === 'team' ? { group: v.group.trim(), team_id: Number(v.teamId) } : { group: v.group.trim(), role: v.role, reason: v.reason.trim() },
    })),
    onSuccess: (m) => {
      notifications.show({ color: 'green', message: `Group “${m.group}” mapped` });
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['directory-mappings'] });
    },
    onError: (err) => {
      if (isApiError(err)) form.setErrors({ group: err.fieldError('group') ?? (err.status === 409 ? err.message : undefined), teamId: err.fieldError('team_id'), reason: err.fieldError('reason') });
    },
  });
  const teamOptions = (teams.data?.items ?? []).filter((t) => !t.is_public).map((t) => ({ value: String(t.id), label: t.name }));
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate aria-label="New directory mapping">
      <Stack gap="sm" maw={560}>
        <Title order={3} size="h5">Map a group</Title>
        <TextInput label="Directory group" description="Its name (matched without case) or its IdP group id (Entra ID object id)" required maxLength={256} {...form.getInputProps('group')} />
        <SegmentedControl aria-label="The group gives" data={[{ value: 'team', label: 'A team' }, { value: 'role', label: 'A role' }]} {...form.getInputProps('kind')} />
        {form.values.kind === 'team' ? (
          <Select label="Team" placeholder="Choose a team" searchable data={teamOptions} nothingFoundMessage="No team" {...form.getInputProps('teamId')} />
        ) : (
          <>
            <Select label="Role" data={[{ value: 'manager', label: 'Manager' }, { value: 'admin', label: 'Admin' }]} allowDeselect={false} {...form.getInputProps('role')} />
            <Textarea label="Reason" description="Recorded with every elevation the mapping makes" required autosize minRows={2} maxLength={2000} {...form.getInputProps('reason')} />
          </>
        )}
        {create.error && !isApiError(create.error, 422) && <ProblemAlert error={create.error} />}
        <Group><Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={create.isPending}>Add mapping</Button></Group>
      </Stack>
    </form>
  );
}

export default function DirectoryMappingsPage() {
  const { info } = useSession();
  const queryClient = useQueryClient();
  const mappings = useQuery({ queryKey: ['directory-mappings'], queryFn: () => call(api.GET('/api/directory-mappings')) });
  const remove = useMutation({
    mutationFn: (m: Mapping) => call(api.DELETE('/api/directory-mappings/{id}', { params: { path: { id: m.id } } })),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Mapping removed' });
      void queryClient.invalidateQueries({ queryKey: ['directory-mappings'] });
    },
    onError: (err) => notifications.show({ color: 'red', title: 'Could not remove', message: err.message }),
  });
  const confirmRemove = (m: Mapping) => modals.openConfirmModal({
    modalId: `mapping-remove-${m.id}`,
    title: `Remove the mapping of “${m.group}”?`,
    children: <Text size="sm">Nothing is taken away now. From each person&apos;s next sign-in (in sync mode) or SCIM change, the group no longer gives {m.role ? `the ${m.role} role` : `team ${m.team?.name ?? ''}`}.</Text>,
    labels: { confirm: 'Remove mapping', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: () => remove.mutate(m),
  });
  return (
    <>
      <PageHeader title="Directory mappings" description="Directory groups that give a team or a role" />
      <Stack gap="md">
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>{MODE[info.group_sync]}</Alert>
        <Card withBorder padding="md">
          {mappings.isPending ? <Loading /> : mappings.error ? <ProblemAlert error={mappings.error} onRetry={() => void mappings.refetch()} /> : mappings.data.items.length === 0 ? (
            <EmptyState title="No mappings yet">Map a directory group to a team or to a role below.</EmptyState>
          ) : (
            <Table fz="sm" aria-label="Directory mappings" highlightOnHover>
              <Table.Thead><Table.Tr><Table.Th>Group</Table.Th><Table.Th>Gives</Table.Th><Table.Th>Reason</Table.Th><Table.Th>Created</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {mappings.data.items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td><Text size="sm" ff={/^[0-9a-f-]{36}$/i.test(m.group) ? 'monospace' : undefined}>{m.group}</Text></Table.Td>
                    <Table.Td>{m.role ? <Badge color={m.role === 'admin' ? 'red' : 'orange'} variant="light">{m.role === 'admin' ? 'Admin' : 'Manager'}</Badge> : <Text size="sm">Team {m.team?.name}</Text>}</Table.Td>
                    <Table.Td><Text size="sm" c={m.reason ? undefined : 'dimmed'}>{m.reason ?? '—'}</Text></Table.Td>
                    <Table.Td><TimeAgo iso={m.created_at} /></Table.Td>
                    <Table.Td><Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => confirmRemove(m)} aria-label={`Remove the mapping of ${m.group}`}>Remove</Button></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card withBorder padding="md"><NewMapping /></Card>
      </Stack>
    </>
  );
}
