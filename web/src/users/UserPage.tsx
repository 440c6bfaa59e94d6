// One user: role and teams, a service user's owner, purpose and review, deactivation (typing
// "deactivate"), effective permissions, tokens (service users) and audit history.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, Anchor, Badge, Button, Card, Code, Group, Modal, MultiSelect, Pill, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconUserOff, IconUserCheck } from '@tabler/icons-react';
import { ACTIONS } from '@access';
import { api, call, isApiError } from '../api/client.ts';
import type { Role, User } from '../api/types.ts';
import { ROLE_LABEL, TYPE_LABEL, capitalize, dateToIso, formatDate, formatDateTime, formatRelative, localInputToIso } from '../common/format.ts';
import { Pager, intParam, useUrlState } from '../common/paging.tsx';
import { UserPicker } from '../common/pickers.tsx';
import { ActiveBadge, EmptyState, Loading, PageHeader, ProblemAlert, RoleBadge, TimeAgo, TruncatedName, UserLink } from '../common/ui.tsx';
import { EventsTable } from '../audit/EventsTable.tsx';
import { GenerateTokenDialog, SecretDialog, useSecretHolder } from '../tokens/GenerateToken.tsx';
import { TokenTable } from '../tokens/TokenTable.tsx';
import { NotAllowedPage } from '../session/NotAllowed.tsx';
import { infoQuery, useSession } from '../session/SessionProvider.tsx';
import { useTeamOptions } from './UsersPage.tsx';
import { WorkloadIdentitiesPanel } from './WorkloadIdentities.tsx';

export const ROLE_HINT: Record<Role, string> = {
  member: 'Least privilege: reaches datastores only through its teams. Right for almost every integration.',
  manager: 'Also reads every user and team, registers datastores and manages connections, tags, flows and integrations.',
  admin: 'Full control of Warden: users, roles, tokens, teams and audit. A leaked Admin token is a full compromise.',
};

const PROVISIONED = { admin: 'by an Admin', sso: 'at the first SSO sign-in', scim: 'by the SCIM directory' } as const;

/** Whether the server will ask for a reason: becoming a Manager or an Admin must be justified. */
export const roleNeedsReason = (role: Role) => role === 'manager' || role === 'admin';

/** After a change: say so, and refetch everything about users (the view shows what the server confirmed). */
function useRefreshUsers() {
  const queryClient = useQueryClient();
  return (message: string) => {
    notifications.show({ color: 'green', message });
    for (const key of ['users', 'user', 'permissions', 'audit', 'reviews', 'tokens', 'teams']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
}

function RoleCard({ user, self }: { user: User; self: boolean }) {
  const { can } = useSession();
  const refresh = useRefreshUsers();
  const form = useForm({
    initialValues: { role: user.role as Role, until: '', reason: '' },
    validate: {
      reason: (v, values) => {
        const changing = values.role !== user.role;
        if (changing && (roleNeedsReason(values.role) || values.until) && v.trim() === '') {
          return values.until ? 'A reason is required for a time-bound role' : `A reason is required to make someone ${ROLE_LABEL[values.role]}`;
        }
        return v.length > 2000 ? 'At most 2000 characters' : null;
      },
      until: (v) => (v && (localInputToIso(v) === null || Date.parse(v) <= Date.now()) ? 'Choose a moment in the future' : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: { role: Role; until: string; reason: string }) => call(api.PUT('/api/users/{id}', {
      params: { path: { id: String(user.id) } },
      body: { role: v.role, reason: v.reason.trim() || null, ...(v.until ? { until: localInputToIso(v.until) } : {}) },
    })),
    onSuccess: () => refresh('Role changed'),
    onError: (err) => isApiError(err) && form.setErrors({ reason: err.fieldError('reason'), until: err.fieldError('until') }),
  });
  const editable = can('users.manage') && !self && user.active;
  const elevation = user.elevation;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="role-title">
      <Title order={2} size="h4" id="role-title" mb="sm">Role</Title>
      {elevation && (
        <Alert color="violet" variant="light" mb="sm" title={`${ROLE_LABEL[elevation.role]} until ${formatDateTime(elevation.until)}`}>
          A time-bound role: then {ROLE_LABEL[elevation.returns_to]} returns by itself ({formatRelative(elevation.until)}).
        </Alert>
      )}
      {!editable ? (
        <Stack gap={6}>
          <Group gap="sm"><RoleBadge role={user.role} /><Text size="sm">{ROLE_HINT[user.role]}</Text></Group>
          {self && <Text size="xs" c="dimmed">Nobody changes their own role or teams.</Text>}
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
          <Stack gap="sm">
            <Select label="Role" allowDeselect={false} data={(['member', 'manager', 'admin'] as const).map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
              description={ROLE_HINT[form.values.role]} {...form.getInputProps('role')} />
            {form.values.role !== user.role && (
              <TextInput type="datetime-local" label="Until (optional)" description="Just-in-time access: the role holds until then, and the current one returns by itself (at most a year)"
                {...form.getInputProps('until')} />
            )}
            {form.values.role !== user.role && (roleNeedsReason(form.values.role) || form.values.until) && (
              <Textarea label="Reason" required description="Recorded in the audit log" autosize minRows={2} maxLength={2000} {...form.getInputProps('reason')} />
            )}
            {save.error && <ProblemAlert error={save.error} />}
            <Group justify="flex-end"><Button type="submit" loading={save.isPending} disabled={form.values.role === user.role}>Change role</Button></Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}

function TeamsCard({ user, self }: { user: User; self: boolean }) {
  const { can } = useSession();
  const refresh = useRefreshUsers();
  const teams = useTeamOptions();
  const publicTeam = user.teams.find((t) => teams.find((x) => x.id === t.id)?.is_public) ?? teams.find((t) => t.is_public);
  const current = user.teams.filter((t) => t.id !== publicTeam?.id).map((t) => String(t.id));
  const [chosen, setChosen] = useState<string[] | null>(null);
  const value = chosen ?? current;
  const save = useMutation({
    mutationFn: (ids: number[]) => call(api.PUT('/api/users/{id}', { params: { path: { id: String(user.id) } }, body: { team_ids: ids } })),
    onSuccess: () => refresh('Teams changed'),
    onSettled: () => setChosen(null),
  });
  const editable = can('users.manage') && !self && user.active;
  const options = teams.filter((t) => !t.is_public).map((t) => ({ value: String(t.id), label: `${t.name} (${t.permission})` }));
  const changed = chosen !== null && [...chosen].sort().join() !== [...current].sort().join();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="teams-title">
      <Title order={2} size="h4" id="teams-title" mb="sm">Teams</Title>
      <Stack gap="sm">
        <Group gap={6}>
          <Pill>{publicTeam?.name ?? 'Public'} — always included</Pill>
        </Group>
        {editable && user.teams.some((t) => t.until) && (
          <Text size="xs" c="dimmed">
            Time-bound: {user.teams.filter((t) => t.until).map((t) => `${t.name} until ${formatDate(t.until)}`).join(', ')} (kept when the list is saved)
          </Text>
        )}
        {editable ? (
          <>
            <MultiSelect label="Other teams" placeholder="Add teams" searchable data={options} value={value} onChange={setChosen} nothingFoundMessage="No team" />
            {save.error && <ProblemAlert error={save.error} />}
            <Group justify="flex-end"><Button onClick={() => save.mutate(value.map(Number))} loading={save.isPending} disabled={!changed}>Save teams</Button></Group>
          </>
        ) : (
          <Group gap={6}>
            {user.teams.filter((t) => t.id !== publicTeam?.id).map((t) => (
              <Badge key={t.id} variant="outline" color="gray" component={Link} to={`/teams/${t.id}`} style={{ cursor: 'pointer' }}>
                {t.name}{t.until ? ` · until ${formatDate(t.until)}` : ''}
              </Badge>
            ))}
            {user.teams.length <= 1 && <Text size="sm" c="dimmed">No other team</Text>}
          </Group>
        )}
        {user.maintains.length > 0 && (
          <Group gap={6} aria-label="Maintains">
            <Text size="sm">Maintains:</Text>
            {user.maintains.map((t) => (
              <Badge key={t.id} variant="light" color="blue" component={Link} to={`/teams/${t.id}`} style={{ cursor: 'pointer' }}>{t.name}</Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** The directory groups the identity provider sent at the last sign-in, and whether the role came from a mapping. */
function DirectoryCard({ user }: { user: User }) {
  if (user.type !== 'personal') return null;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="directory-title">
      <Title order={2} size="h4" id="directory-title" mb="sm">Directory groups</Title>
      <Stack gap="xs">
        {user.idp_groups === null ? (
          <Text size="sm" c="dimmed">The identity provider has sent no groups for this person yet.</Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">Sent at the last sign-in, {formatDate(user.idp_groups.at)}</Text>
            <Group gap={6}>
              {user.idp_groups.groups.length === 0 ? <Text size="sm">No group</Text> : user.idp_groups.groups.map((g) => <Badge key={g} variant="outline" color="gray" tt="none">{g}</Badge>)}
            </Group>
          </>
        )}
        {user.role_source === 'directory' && <Text size="sm">The role came from a directory mapping: group sync may take it back.</Text>}
      </Stack>
    </Card>
  );
}

function ServiceCard({ user }: { user: User }) {
  const { can } = useSession();
  const refresh = useRefreshUsers();
  const form = useForm({ initialValues: { ownerId: user.owner?.id ?? null as number | null, purpose: user.purpose ?? '', reviewOn: user.review_due_at?.slice(0, 10) ?? '' } });
  const save = useMutation({
    mutationFn: (v: { ownerId: number | null; purpose: string; reviewOn: string }) => call(api.PUT('/api/users/{id}', {
      params: { path: { id: String(user.id) } },
      body: { owner_id: v.ownerId, purpose: v.purpose.trim() || null, review_due_at: v.reviewOn ? dateToIso(v.reviewOn) : null },
    })),
    onSuccess: () => refresh('Service user updated'),
    onError: (err) => isApiError(err) && form.setErrors({ ownerId: err.fieldError('owner_id'), purpose: err.fieldError('purpose'), reviewOn: err.fieldError('review_due_at') }),
  });
  const reviewPeriod = useQuery(infoQuery).data?.review_period_days;
  const [reviewing, setReviewing] = useState(false);
  const [note, setNote] = useState('');
  const review = useMutation({
    mutationFn: () => call(api.POST('/api/users/{id}/review', { params: { path: { id: String(user.id) } }, body: { note: note.trim() || null } })),
    onSuccess: () => refresh('Review recorded'),
    onSettled: () => { setReviewing(false); setNote(''); },
  });
  const editable = can('users.manage') && user.active;
  // Whether the server counts it as due for review (its own period, WARDEN_REVIEW_PERIOD_DAYS).
  const due = useQuery({
    queryKey: ['reviews', { kind: 'service_user_review_due', size: 200 }],
    queryFn: () => call(api.GET('/api/reviews', { params: { query: { kind: 'service_user_review_due', size: 200 } } })),
  });
  const dueItem = due.data?.items.find((i) => i.user.id === user.id);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="service-title">
      <Title order={2} size="h4" id="service-title" mb="sm">Service user</Title>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          {editable ? (
            <>
              <UserPicker label="Owner" description="The person answerable for this integration" type="personal" value={form.values.ownerId} initial={user.owner}
                onChange={(id) => form.setFieldValue('ownerId', id)} error={form.errors.ownerId as string | undefined} />
              <Textarea label="Purpose" description="What it is for, for the next reviewer" autosize minRows={2} maxLength={2000} {...form.getInputProps('purpose')} />
              <TextInput type="date" label="Next review" w={220} description="Empty: the review period after the last review" {...form.getInputProps('reviewOn')} />
              {save.error && <ProblemAlert error={save.error} />}
              <Group justify="flex-end"><Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>Save</Button></Group>
            </>
          ) : (
            <>
              <Text size="sm"><strong>Owner:</strong> <UserLink user={user.owner} fallback="Nobody" /></Text>
              <Text size="sm"><strong>Purpose:</strong> {user.purpose ?? '—'}</Text>
            </>
          )}
          <Group justify="space-between" mt="xs" wrap="wrap">
            <Stack gap={2}>
              {/* The date in force, whether set or derived from the review period (also for Admins, whose field is empty then). */}
              <Text size="sm" data-testid="next-review"><strong>Next review:</strong> {nextReview(user, reviewPeriod)}</Text>
              <Text size="sm"><strong>Last reviewed:</strong> {user.last_reviewed_at ? formatDateTime(user.last_reviewed_at) : 'Never'}</Text>
              {dueItem ? (
                <Group gap={6}><Badge color="orange" variant="light">Review due</Badge><Text size="xs">{dueItem.detail}</Text></Group>
              ) : due.data && <Text size="xs" c="dimmed">Not due for review</Text>}
            </Stack>
            {editable && <Button variant="light" leftSection={<IconCheck size={16} aria-hidden />} onClick={() => setReviewing(true)}>Mark reviewed</Button>}
          </Group>
        </Stack>
      </form>
      <Modal opened={reviewing} onClose={() => setReviewing(false)} title={<Text fw={600}>Record a review of {user.name}</Text>}>
        <Stack gap="sm">
          <Text size="sm">Confirm that {user.name} is still needed, with this role, these teams and this owner.</Text>
          <Textarea label="Note" description="Optional, kept in the audit log" value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
          {review.error && <ProblemAlert error={review.error} />}
          <Group justify="flex-end"><Button variant="default" onClick={() => setReviewing(false)}>Cancel</Button><Button onClick={() => review.mutate()} loading={review.isPending}>Mark reviewed</Button></Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** The date set for the next review, else the review period after the last review (or creation). */
function nextReview(user: User, periodDays: number | undefined): string {
  if (user.review_due_at) return formatDate(user.review_due_at);
  if (periodDays === undefined) return '—';
  const from = Date.parse(user.last_reviewed_at ?? user.created_at);
  return `${formatDate(new Date(from + periodDays * 86_400_000).toISOString())} (the review period after the ${user.last_reviewed_at ? 'last review' : 'creation'})`;
}

const CONFIRM_WORD = 'deactivate';

function DeactivateDialog({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const refresh = useRefreshUsers();
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const deactivate = useMutation({
    mutationFn: () => call(api.DELETE('/api/users/{id}', { params: { path: { id: String(user.id) } }, body: { reason: reason.trim() || null } })),
    onSuccess: () => { refresh(`${user.name} deactivated`); setTyped(''); setReason(''); onClose(); },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Deactivate {user.name}?</Text>}>
      {/* A form: Enter in the confirmation field submits, once the word is typed. */}
      <form onSubmit={(e) => { e.preventDefault(); if (typed.trim().toLowerCase() === CONFIRM_WORD && !deactivate.isPending) deactivate.mutate(); }}>
      <Stack gap="sm">
        <Text size="sm">
          Every token and console session of {user.name} stops working at once. The account is kept for the audit log;
          reactivating it brings back its role, teams and the tokens that were neither revoked nor expired.
        </Text>
        <Textarea label="Reason" description="Recorded in the audit log" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
        <TextInput label={<>Type <Code>{CONFIRM_WORD}</Code> to confirm</>} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" data-autofocus />
        {deactivate.error && <ProblemAlert error={deactivate.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" color="red" disabled={typed.trim().toLowerCase() !== CONFIRM_WORD} loading={deactivate.isPending}>Deactivate</Button>
        </Group>
      </Stack>
      </form>
    </Modal>
  );
}

function ReactivateDialog({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const refresh = useRefreshUsers();
  const [reason, setReason] = useState('');
  // What came back with the user: shown before the dialog closes, so that nobody is surprised by a
  // token working again (each is also announced as token.restored).
  const [restored, setRestored] = useState<{ id: number; name: string; hint: string; expires_at: string | null }[] | null>(null);
  const reactivate = useMutation({
    mutationFn: () => call(api.POST('/api/users/{id}/reactivate', { params: { path: { id: String(user.id) } }, body: { reason: reason.trim() || null } })),
    onSuccess: (answer) => { refresh(`${user.name} reactivated`); setReason(''); setRestored(answer.restored_tokens); },
  });
  const finish = () => { setRestored(null); onClose(); };
  if (restored !== null) {
    return (
      <Modal opened={opened} onClose={finish} title={<Text fw={600}>{user.name} is active again</Text>}>
        <Stack gap="sm">
          {restored.length === 0
            ? <Text size="sm">No token works again: none was left that is neither revoked nor expired.</Text>
            : (
              <>
                <Text size="sm">{restored.length === 1 ? 'This token works again:' : `These ${restored.length} tokens work again:`}</Text>
                <Table aria-label="Tokens that work again" verticalSpacing={4}>
                  <Table.Thead><Table.Tr><Table.Th>Token</Table.Th><Table.Th>Hint</Table.Th><Table.Th>Expires</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {restored.map((t) => (
                      <Table.Tr key={t.id}><Table.Td><TruncatedName name={t.name} maxWidth={220} /></Table.Td><Table.Td><Code>{t.hint}</Code></Table.Td><Table.Td><TimeAgo iso={t.expires_at} empty="never" /></Table.Td></Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Text size="xs" c="dimmed">Revoke any that should stay off from the Tokens section.</Text>
              </>
            )}
          <Group justify="flex-end"><Button onClick={finish} data-autofocus>Done</Button></Group>
        </Stack>
      </Modal>
    );
  }
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Reactivate {user.name}?</Text>}>
      <Stack gap="sm">
        <Text size="sm">{user.name} gets back the role {ROLE_LABEL[user.role]}, their teams, and every token that was neither revoked nor expired.</Text>
        <Textarea label="Reason" description="Optional, kept in the audit log" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
        {reactivate.error && <ProblemAlert error={reactivate.error} />}
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Cancel</Button><Button color="green" loading={reactivate.isPending} onClick={() => reactivate.mutate()}>Reactivate</Button></Group>
      </Stack>
    </Modal>
  );
}

function PermissionsPanel({ user }: { user: User }) {
  const permissions = useQuery({
    queryKey: ['permissions', String(user.id)],
    queryFn: () => call(api.GET('/api/users/{id}/permissions', { params: { path: { id: String(user.id) } } })),
  });
  if (permissions.isPending) return <Loading />;
  if (permissions.error) return <ProblemAlert error={permissions.error} onRetry={() => void permissions.refetch()} />;
  const p = permissions.data;
  return (
    <Stack gap="md">
      {!p.active && <Alert color="gray" title="Deactivated">A deactivated user may do nothing.</Alert>}
      {p.all_datastores && <Alert color="blue" title="Admin bypass">As an Admin, {user.name} may take every action on every datastore, whatever the teams.</Alert>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap={6}>
          <Title order={3} size="h5">Platform actions ({p.platform_actions.length})</Title>
          {p.platform_actions.length === 0 ? <Text size="sm" c="dimmed">None</Text> : (
            <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {p.platform_actions.map((a) => <Text component="li" size="sm" key={a}><Code>{a}</Code> {ACTIONS[a].description}</Text>)}
            </Stack>
          )}
        </Stack>
        <Stack gap={6}>
          <Title order={3} size="h5">Datastores reached through teams ({p.datastores.length})</Title>
          {p.datastores.length === 0 ? <Text size="sm" c="dimmed">No team of {user.name} holds a datastore.</Text> : (
            <Table.ScrollContainer minWidth={420}>
              <Table fz="sm" verticalSpacing={6} aria-label="Datastore access">
                <Table.Thead><Table.Tr><Table.Th>Datastore</Table.Th><Table.Th>Level</Table.Th><Table.Th>Granted by</Table.Th><Table.Th>Actions</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {p.datastores.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{d.name} <Text span size="xs" c="dimmed">({d.kind})</Text></Table.Td>
                      <Table.Td><Badge variant="light">{capitalize(d.level)}</Badge></Table.Td>
                      <Table.Td><Anchor component={Link} to={`/teams/${d.team.id}`} size="sm">{d.team.name}</Anchor></Table.Td>
                      <Table.Td>{d.actions.length}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function ServiceTokensPanel({ user }: { user: User }) {
  const [generating, setGenerating] = useState(false);
  const secret = useSecretHolder();
  const tokens = useQuery({
    queryKey: ['tokens', 'service', { user_id: String(user.id), size: 200 }],
    queryFn: () => call(api.GET('/api/user-tokens/service', { params: { query: { user_id: String(user.id), size: 200 } } })),
  });
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        {user.active && <Button onClick={() => setGenerating(true)}>Generate token</Button>}
      </Group>
      {tokens.isPending ? <Loading /> : tokens.error ? <ProblemAlert error={tokens.error} /> : tokens.data.items.length === 0 ? (
        <EmptyState title="No tokens">{user.name} has no token yet.</EmptyState>
      ) : <TokenTable tokens={tokens.data.items} showOwner={false} label={`Tokens of ${user.name}`} />}
      <GenerateTokenDialog opened={generating} onClose={() => setGenerating(false)} kind="service" fixedUser={{ id: user.id, user_id: user.user_id, name: user.name }}
        onCreated={(s) => { setGenerating(false); secret.show(s); }} />
      <SecretDialog shown={secret.shown} onClosed={secret.wipe} />
    </Stack>
  );
}

function HistoryPanel({ user }: { user: User }) {
  const [params, setParams] = useUrlState();
  const page = intParam(params, 'page', 1);
  const events = useQuery({
    queryKey: ['audit', { target_type: 'user', target_id: user.id, page }],
    queryFn: () => call(api.GET('/api/audit-events', { params: { query: { target_type: 'user', target_id: user.id, page, size: 25 } } })),
  });
  return (
    <Stack gap="sm">
      <Group justify="flex-end"><Anchor component={Link} to={`/audit?target_type=user&target_id=${user.id}`} size="sm">Open in the audit log</Anchor></Group>
      {events.isPending ? <Loading /> : events.error ? <ProblemAlert error={events.error} /> : events.data.total === 0 ? <EmptyState title="No events" /> : (
        <>
          <EventsTable events={events.data.items} showTarget={false} label={`History of ${user.name}`} />
          <Pager page={page} size={25} total={events.data.total} label="events" onPage={(p) => setParams({ page: String(p) })} />
        </>
      )}
    </Stack>
  );
}

export default function UserPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const { can } = session;
  const [params, setParams] = useUrlState();
  const [dialog, setDialog] = useState<'deactivate' | 'reactivate' | null>(null);
  const self = id === 'me' || id === String(session.user.id);
  const user = useQuery({
    queryKey: ['user', id],
    queryFn: () => call(api.GET('/api/users/{id}', { params: { path: { id } } })),
    enabled: self || can('users.read'),
  });
  if (!self && !can('users.read')) return <NotAllowedPage action="users.read" />;
  if (user.isPending) return <Loading label="Loading user…" />;
  if (user.error) return <ProblemAlert error={user.error} title={isApiError(user.error, 404) ? 'No such user' : undefined} onRetry={() => void user.refetch()} />;
  const u = user.data;
  const tab = params.get('tab') ?? 'access';
  return (
    <>
      <PageHeader
        title={<Group gap="sm" component="span">{u.name}<ActiveBadge active={u.active} /></Group>}
        description={<>{TYPE_LABEL[u.type]} · <Code>{u.user_id}</Code>{u.email ? ` · ${u.email}` : ''}</>}
        actions={can('users.manage') && !self && (u.active ? (
          <Button color="red" variant="light" leftSection={<IconUserOff size={16} aria-hidden />} onClick={() => setDialog('deactivate')}>Deactivate</Button>
        ) : (
          <Button color="green" variant="light" leftSection={<IconUserCheck size={16} aria-hidden />} onClick={() => setDialog('reactivate')}>Reactivate</Button>
        ))}
      />
      <Group gap="lg" mb="md" wrap="wrap">
        <Text size="sm"><strong>Role:</strong> {ROLE_LABEL[u.role]}</Text>
        <Text size="sm">
          <strong>Created:</strong> {formatDateTime(u.created_at)}{' '}
          {u.created_by ? <>by <UserLink user={u.created_by} /></> : PROVISIONED[u.provisioned_by]}
        </Text>
        <Text size="sm"><strong>Last active:</strong> <TimeAgo iso={u.last_active_at} empty="Never" /></Text>
        {u.deactivated_at && <Text size="sm"><strong>Deactivated:</strong> {formatDateTime(u.deactivated_at)}</Text>}
      </Group>
      <Tabs value={tab} onChange={(v) => setParams({ tab: v === 'access' ? null : v })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="access">Role &amp; teams</Tabs.Tab>
          <Tabs.Tab value="permissions">Permissions</Tabs.Tab>
          {u.type === 'service' && can('service_tokens.manage') && <Tabs.Tab value="tokens">Tokens</Tabs.Tab>}
          {u.type === 'service' && can('service_users.manage') && <Tabs.Tab value="workload-identities">Workload identities</Tabs.Tab>}
          {can('audit.read') && <Tabs.Tab value="history">History</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="access">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <RoleCard key={`role-${u.role}`} user={u} self={self} />
            <TeamsCard key={`teams-${u.teams.map((t) => t.id).join()}`} user={u} self={self} />
            <DirectoryCard user={u} />
            {u.type === 'service' && <ServiceCard key={`svc-${u.owner?.id}-${u.purpose}-${u.last_reviewed_at}-${u.review_due_at}`} user={u} />}
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="permissions"><PermissionsPanel user={u} /></Tabs.Panel>
        {u.type === 'service' && can('service_tokens.manage') && <Tabs.Panel value="tokens"><ServiceTokensPanel user={u} /></Tabs.Panel>}
        {u.type === 'service' && can('service_users.manage') && <Tabs.Panel value="workload-identities"><WorkloadIdentitiesPanel user={u} /></Tabs.Panel>}
        {can('audit.read') && <Tabs.Panel value="history"><HistoryPanel user={u} /></Tabs.Panel>}
      </Tabs>
      <DeactivateDialog user={u} opened={dialog === 'deactivate'} onClose={() => setDialog(null)} />
      <ReactivateDialog user={u} opened={dialog === 'reactivate'} onClose={() => setDialog(null)} />
    </>
  );
}
