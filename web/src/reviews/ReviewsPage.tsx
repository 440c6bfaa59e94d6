// Reviews: the one queue of what needs a human decision now (GET /api/reviews), each item with why
// and its actions: keep or deactivate a user at review (recorded with a note), revoke a token,
// deactivate a person who has left. Admins act; Managers read. No optimistic update: every action
// refetches the queue.
import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Anchor, Badge, Button, Card, Code, Group, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { api, call } from '../api/client.ts';
import type { ReviewItem } from '../api/types.ts';
import { formatDate } from '../common/format.ts';
import { Pager, intParam, useUrlState } from '../common/paging.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, TimeAgo } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';

type Kind = ReviewItem['kind'];

/** The queue's kinds, in the server's order, with a short label. */
export const REVIEW_KIND_LABEL: Record<Kind, string> = {
  service_user_review_due: 'Review due',
  token_expiring: 'Expiring',
  token_unused: 'Unused',
  token_never_expires: 'Never expires',
  service_user_admin: 'Admin service user',
  personal_inactive: 'Inactive person',
  elevated_role_without_end: 'Role without end',
};

type Action = { kind: 'keep' | 'deactivate-review' | 'deactivate' | 'revoke'; item: ReviewItem };

const ACTION_TEXT: Record<Action['kind'], { title: (i: ReviewItem) => string; button: string; color: string; body: string }> = {
  keep: { title: (i) => `Keep ${i.user.name}`, button: 'Record review: keep', color: 'blue', body: 'It stays as it is until its next review. The note is recorded in the audit log.' },
  'deactivate-review': { title: (i) => `Deactivate ${i.user.name}`, button: 'Record review: deactivate', color: 'red', body: 'Recorded as a review, and the user is deactivated in the same step: its tokens and sessions stop working.' },
  deactivate: { title: (i) => `Deactivate ${i.user.name}`, button: 'Deactivate', color: 'red', body: 'Its tokens and sessions stop working at once; reactivation brings back what was neither revoked nor expired.' },
  revoke: { title: (i) => `Revoke token “${i.token?.name}”`, button: 'Revoke token', color: 'red', body: 'Requests with it are refused from the next one on, on every node. Issue a replacement first if something still needs it.' },
};

function ActionDialog({ action, onClose }: { action: Action | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: async (a: Action) => {
      const id = String(a.item.user.id);
      if (a.kind === 'revoke') return call(api.PUT('/api/user-tokens/{id}', { params: { path: { id: a.item.token!.id } }, body: { revoked: true } }));
      if (a.kind === 'deactivate') return call(api.DELETE('/api/users/{id}', { params: { path: { id } }, body: { reason: note.trim() || null } }));
      return call(api.POST('/api/users/{id}/review', { params: { path: { id } }, body: { decision: a.kind === 'keep' ? 'keep' : 'deactivate', note: note.trim() || null } }));
    },
    onSuccess: () => {
      notifications.show({ color: 'green', message: action ? `${ACTION_TEXT[action.kind].button}: done` : 'Done' });
      for (const k of ['reviews', 'users', 'user', 'tokens', 'audit']) void queryClient.invalidateQueries({ queryKey: [k] });
      setNote('');
      onClose();
    },
  });
  const text = action ? ACTION_TEXT[action.kind] : null;
  return (
    <Modal opened={action !== null} onClose={() => { act.reset(); onClose(); }} title={<Text fw={600}>{action && text?.title(action.item)}</Text>}>
      {action && text && (
        <Stack gap="sm">
          <Text size="sm">{action.item.detail}.</Text>
          <Text size="sm" c="dimmed">{text.body}</Text>
          {action.kind !== 'revoke' && (
            <Textarea label={action.kind === 'deactivate' ? 'Reason' : 'Note'} description="Why: recorded in the audit log" autosize minRows={2} maxLength={2000}
              value={note} onChange={(e) => setNote(e.currentTarget.value)} data-autofocus />
          )}
          {act.error && <ProblemAlert error={act.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => { act.reset(); onClose(); }}>Cancel</Button>
            <Button color={text.color} loading={act.isPending} onClick={() => act.mutate(action)}>{text.button}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** The actions an item offers; the server decides whether they are allowed (a Manager only reads). */
function actionsFor(item: ReviewItem): Action['kind'][] {
  switch (item.kind) {
    case 'service_user_review_due':
    case 'elevated_role_without_end':
      return ['keep', 'deactivate-review'];
    case 'personal_inactive':
      return ['deactivate'];
    case 'token_expiring':
    case 'token_unused':
    case 'token_never_expires':
      return ['revoke'];
    default:
      return [];
  }
}

const ACTION_LABEL: Record<Action['kind'], string> = { keep: 'Keep', 'deactivate-review': 'Deactivate', deactivate: 'Deactivate', revoke: 'Revoke' };

export default function ReviewsPage() {
  const { can } = useSession();
  const [params, setParams] = useUrlState();
  const page = intParam(params, 'page', 1);
  const size = intParam(params, 'size', 50);
  const kind = (params.get('kind') || undefined) as Kind | undefined;
  const [action, setAction] = useState<Action | null>(null);
  const reviews = useQuery({
    queryKey: ['reviews', { kind, page, size }],
    queryFn: () => call(api.GET('/api/reviews', { params: { query: { kind, page, size } } })),
    placeholderData: keepPreviousData,
  });
  const counts = reviews.data?.counts ?? {};
  // Users are kept or deactivated by Admins; a service token by those who manage them; one's own PAT by oneself.
  const allowedActions = (item: ReviewItem) => actionsFor(item).filter((a) => (a === 'revoke' ? item.token?.kind !== 'service' || can('service_tokens.manage') : can('users.manage')));
  return (
    <>
      <PageHeader title="Reviews" description="What needs a human decision now: service users due for their periodic review, tokens that expire soon, are unused or never expire, Admin service users, people not seen for months, and Managers and Admins without an end date. Each item says why and what resolves it." />
      <Card withBorder padding="md">
        <Stack gap="md">
          <Select
            label="Kind" w={300} allowDeselect={false} value={kind ?? 'all'} onChange={(v) => setParams({ kind: !v || v === 'all' ? null : v, page: null })}
            data={[{ value: 'all', label: 'Everything' }, ...(Object.keys(REVIEW_KIND_LABEL) as Kind[]).map((k) => ({ value: k, label: `${REVIEW_KIND_LABEL[k]}${kind === undefined ? ` (${counts[k] ?? 0})` : ''}` }))]}
          />
          {reviews.error && <ProblemAlert error={reviews.error} onRetry={() => void reviews.refetch()} />}
          {reviews.isPending ? <Loading label="Loading the queue…" /> : reviews.data && (reviews.data.total === 0 ? (
            <EmptyState title="Nothing to review">Every service user was reviewed in time, no token expires soon, is unused or lives forever, and every elevated role has an end or a recent review.</EmptyState>
          ) : (
            <>
              <Table.ScrollContainer minWidth={980}>
                <Table verticalSpacing="xs" fz="sm" striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr><Table.Th>Kind</Table.Th><Table.Th>User</Table.Th><Table.Th>Token</Table.Th><Table.Th>Why</Table.Th><Table.Th>Since</Table.Th><Table.Th>Resolve</Table.Th></Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {reviews.data.items.map((item) => (
                      <Table.Tr key={`${item.kind}-${item.user.id}-${item.token?.id ?? 0}`}>
                        <Table.Td><Badge variant="light" color="orange">{REVIEW_KIND_LABEL[item.kind] ?? item.kind}</Badge></Table.Td>
                        <Table.Td><Anchor component={Link} to={`/users/${item.user.id}`} size="sm">{item.user.name}</Anchor><Text size="xs" c="dimmed">{item.user.user_id}</Text></Table.Td>
                        <Table.Td>{item.token ? <Text size="sm">{item.token.name} <Code>{item.token.hint}</Code></Text> : '—'}</Table.Td>
                        <Table.Td>{item.detail}<Text size="xs" c="dimmed">{item.resolve.description}</Text></Table.Td>
                        <Table.Td>{item.kind === 'token_expiring' ? formatDate(item.since) : <TimeAgo iso={item.since} />}</Table.Td>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            {allowedActions(item).map((a) => (
                              <Button key={a} size="compact-sm" variant={a === 'keep' ? 'light' : 'subtle'} color={a === 'keep' ? 'blue' : 'red'}
                                aria-label={`${ACTION_LABEL[a]}: ${item.token ? `token ${item.token.name}` : item.user.name}`} onClick={() => setAction({ kind: a, item })}>
                                {ACTION_LABEL[a]}
                              </Button>
                            ))}
                            {allowedActions(item).length === 0 && <Anchor component={Link} to={`/users/${item.user.id}`} size="sm">Open</Anchor>}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Pager page={page} size={size} total={reviews.data.total} onPage={(p) => setParams({ page: String(p) })} onSize={(s) => setParams({ size: String(s), page: null })} label="items" />
            </>
          ))}
        </Stack>
      </Card>
      <ActionDialog action={action} onClose={() => setAction(null)} />
    </>
  );
}
