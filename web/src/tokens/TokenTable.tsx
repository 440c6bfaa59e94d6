// A list of tokens with the token menu: Revoke, Restore, and Delete once revoked (two steps).
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Anchor, Badge, Card, Code, Group, Menu, SimpleGrid, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconActivity, IconArrowBackUp, IconBan, IconDots, IconHistory, IconRefresh, IconTrash } from '@tabler/icons-react';
import { api, call } from '../api/client.ts';
import type { Token } from '../api/types.ts';
import { daysUntil, formatDate, formatDateTime, formatRelative } from '../common/format.ts';
import { TimeAgo, TokenStatusBadge, UserLink } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import { SecretDialog, useSecretHolder } from './GenerateToken.tsx';
import { RotateTokenDialog } from './RotateToken.tsx';
import { ACTIVITY_DAYS, TokenActivityDrawer, TokenActivitySummary } from './TokenActivity.tsx';

function Expires({ token }: { token: Token }) {
  if (!token.expires_at) return <Badge variant="light" color="orange">Never</Badge>;
  const days = daysUntil(token.expires_at);
  const past = Date.parse(token.expires_at) <= Date.now();
  return (
    <Stack gap={0}>
      <Text size="sm">{formatDate(token.expires_at)}</Text>
      <Text size="xs" c={past || days < 7 ? 'red' : 'dimmed'} fw={!past && days < 7 ? 600 : undefined}>
        {past ? `expired ${formatRelative(token.expires_at)}` : `${formatRelative(token.expires_at)}${days < 7 ? ' — expires soon' : ''}`}
      </Text>
    </Stack>
  );
}

function LastUsed({ token }: { token: Token }) {
  if (!token.last_used_at) return <Text size="sm" c="dimmed">Not used</Text>;
  return (
    <Stack gap={0}>
      <TimeAgo iso={token.last_used_at} />
      {token.last_used_ip && <Text size="xs" c="dimmed">from {token.last_used_ip}</Text>}
    </Stack>
  );
}

function useTokenActions() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    // Refetch: the list shows what the server confirmed, never a guess.
    void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    void queryClient.invalidateQueries({ queryKey: ['reviews'] });
  };
  const failed = (err: Error) => notifications.show({ color: 'red', title: 'The server refused', message: err.message });
  const setRevoked = useMutation({
    mutationFn: ({ id, revoked }: { id: number; revoked: boolean }) => call(api.PUT('/api/user-tokens/{id}', { params: { path: { id } }, body: { revoked } })),
    onSuccess: (token) => done(`Token “${token.name}” ${token.status === 'revoked' ? 'revoked' : 'restored'}`),
    onError: failed,
  });
  const remove = useMutation({
    mutationFn: (token: Token) => call(api.DELETE('/api/user-tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: (_data, token) => done(`Token “${token.name}” deleted`),
    onError: failed,
  });
  return {
    // One confirmation per token and action: a second click on the menu item (a double click, a
    // slow machine) brings the same dialog, never a second one stacked behind it.
    revoke: (t: Token) => modals.openConfirmModal({
      modalId: `token-revoke-${t.id}`,
      title: `Revoke “${t.name}”?`,
      children: (
        <Stack gap="sm">
          <Text size="sm">Every request made with <Code>{t.hint}</Code> fails from the next one on, on every node. You can restore it later, or delete it once revoked.</Text>
          {/* What it did lately: a leak's damage, or the script that will break. */}
          {can('audit.read') && <TokenActivitySummary token={t} />}
        </Stack>
      ),
      labels: { confirm: 'Revoke token', cancel: 'Cancel' },
      confirmProps: { color: 'orange' },
      onConfirm: () => setRevoked.mutate({ id: t.id, revoked: true }),
    }),
    restore: (t: Token) => modals.openConfirmModal({
      modalId: `token-restore-${t.id}`,
      title: `Restore “${t.name}”?`,
      children: <Text size="sm">The token works again at once, with its owner's current role and teams.</Text>,
      labels: { confirm: 'Restore token', cancel: 'Cancel' },
      onConfirm: () => setRevoked.mutate({ id: t.id, revoked: false }),
    }),
    remove: (t: Token) => modals.openConfirmModal({
      modalId: `token-delete-${t.id}`,
      title: `Delete “${t.name}”?`,
      children: (
        <Text size="sm">
          Deleting is the second of two steps: a token is revoked first, then deleted. The token disappears from this list for good;
          the audit log keeps the record of its life.
        </Text>
      ),
      labels: { confirm: 'Delete token', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(t),
    }),
  };
}

export function TokenMenu({ token, onRotate, onActivity }: { token: Token; onRotate: (token: Token) => void; onActivity: (token: Token) => void }) {
  const { can } = useSession();
  const actions = useTokenActions();
  // An expired token stays expired: restoring it is refused (409), so it is not offered.
  const restorable = token.status === 'revoked' && (token.expires_at === null || Date.parse(token.expires_at) > Date.now());
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Token menu for ${token.name}`}><IconDots size={18} aria-hidden /></ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {token.status === 'active' && token.rotated_to === null && (
          <Menu.Item leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => onRotate(token)}>Rotate</Menu.Item>
        )}
        {token.status === 'active' && <Menu.Item leftSection={<IconBan size={16} aria-hidden />} color="orange" onClick={() => actions.revoke(token)}>Revoke</Menu.Item>}
        {restorable && <Menu.Item leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => actions.restore(token)}>Restore</Menu.Item>}
        {token.status === 'revoked' ? (
          <Menu.Item leftSection={<IconTrash size={16} aria-hidden />} color="red" onClick={() => actions.remove(token)}>Delete</Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconTrash size={16} aria-hidden />} disabled>Delete (revoke it first)</Menu.Item>
        )}
        {can('audit.read') && (
          <>
            <Menu.Divider />
            <Menu.Item leftSection={<IconActivity size={16} aria-hidden />} onClick={() => onActivity(token)}>Activity</Menu.Item>
            <Menu.Item leftSection={<IconHistory size={16} aria-hidden />} component={Link} to={`/audit?target_type=token&target_id=${token.id}`}>Audit events</Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** What a token is narrowed to, in a few words ("2 actions · 1 datastore · 1 network"). */
function restrictionSummary(r: Token['restrictions']): string | null {
  if (!r) return null;
  const parts = [
    r.actions && `${r.actions.length} action${r.actions.length === 1 ? '' : 's'}`,
    r.datastore_ids && `${r.datastore_ids.length} datastore${r.datastore_ids.length === 1 ? '' : 's'}`,
    r.allowed_cidrs && `${r.allowed_cidrs.length} network${r.allowed_cidrs.length === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return parts.length ? `Narrowed to ${parts.join(' · ')}` : null;
}

function restrictionDetail(r: Token['restrictions']): string {
  if (!r) return '';
  return [
    r.actions && `actions: ${r.actions.join(', ')}`,
    r.datastore_ids && `datastores: ${r.datastore_ids.join(', ')}`,
    r.allowed_cidrs && `networks: ${r.allowed_cidrs.join(', ')}`,
  ].filter(Boolean).join('; ');
}

/** Under a name: SCIM-only, restrictions, rotation and exposure, in small print. */
function TokenNotes({ token: t, onExposedActivity }: { token: Token; onExposedActivity: (t: Token) => void }) {
  const { can } = useSession();
  return (
    <>
      {t.scim_only && <Text size="xs" c="dimmed">SCIM only</Text>}
      {t.origin && <Text size="xs" c="dimmed" title={t.origin.subject ?? undefined}>{t.origin.kind === 'federated' ? `Federated: ${t.origin.issuer ?? ''}` : `Exchanged for token ${t.origin.issued_from ?? ''}`}</Text>}
      {restrictionSummary(t.restrictions) && <Text size="xs" c="dimmed" title={restrictionDetail(t.restrictions)}>{restrictionSummary(t.restrictions)}</Text>}
      {t.rotated_to !== null && <Text size="xs" c="dimmed">Rotated: replaced by a new token{t.status === 'active' && t.expires_at ? `, works until ${formatDateTime(t.expires_at)}` : ''}</Text>}
      {t.rotated_from !== null && <Text size="xs" c="dimmed">Replaces an earlier token</Text>}
      {t.revoked_reason === 'exposed' && <Text size="xs" c="red">Reported exposed {t.exposed_at ? formatRelative(t.exposed_at) : ''}</Text>}
      {t.exposed_at && can('audit.read') && (
        <Anchor component="button" type="button" size="xs" onClick={() => onExposedActivity(t)}>What it did in the {ACTIVITY_DAYS} days before</Anchor>
      )}
    </>
  );
}

function Created({ token: t }: { token: Token }) {
  return (
    <Stack gap={0}>
      <Text size="sm" title={formatDateTime(t.created_at)}>{formatDate(t.created_at)}</Text>
      {t.created_by && t.created_by.id !== t.user.id && <Text size="xs" c="dimmed">by <UserLink user={t.created_by} /></Text>}
    </Stack>
  );
}

/** On a phone each token is a card, so that its menu is on screen without scrolling sideways. */
function TokenCards({ tokens, showOwner, label, onRotate, onActivity }: { tokens: Token[]; showOwner: boolean; label: string; onRotate: (t: Token) => void; onActivity: (t: Token, until: string | null) => void }) {
  return (
    <Stack gap="sm" component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {tokens.map((t) => (
        <Card key={t.id} component="li" withBorder padding="sm" data-token-id={t.id}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Group gap={6}><Text size="sm" fw={600} className="warden-truncate" title={t.name}>{t.name}</Text><TokenStatusBadge status={t.status} /></Group>
              <Code>{t.hint}</Code>
              <TokenNotes token={t} onExposedActivity={(x) => onActivity(x, x.exposed_at)} />
            </Stack>
            <TokenMenu token={t} onRotate={onRotate} onActivity={(x) => onActivity(x, null)} />
          </Group>
          <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} mt="xs">
            {showOwner && <Stack gap={0}><Text size="xs" c="dimmed">Service user</Text><Anchor component={Link} to={`/users/${t.user.id}`} size="sm">{t.user.name}</Anchor></Stack>}
            <Stack gap={0}><Text size="xs" c="dimmed">Expires</Text><Expires token={t} /></Stack>
            <Stack gap={0}><Text size="xs" c="dimmed">Last used</Text><LastUsed token={t} /></Stack>
            <Stack gap={0}><Text size="xs" c="dimmed">Created</Text><Created token={t} /></Stack>
          </SimpleGrid>
        </Card>
      ))}
    </Stack>
  );
}

export function TokenTable({ tokens, showOwner, label }: { tokens: Token[]; showOwner: boolean; label: string }) {
  const [rotating, setRotating] = useState<Token | null>(null);
  const [activity, setActivity] = useState<{ token: Token; until: string | null } | null>(null);
  const showActivity = (token: Token, until: string | null) => setActivity({ token, until });
  const secret = useSecretHolder();
  const phone = useMediaQuery('(max-width: 40em)');
  return (
    <>
    {phone ? <TokenCards tokens={tokens} showOwner={showOwner} label={label} onRotate={setRotating} onActivity={showActivity} /> : (
    <Table.ScrollContainer minWidth={showOwner ? 900 : 780}>
      <Table verticalSpacing="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Hint</Table.Th>
            {showOwner && <Table.Th>Service user</Table.Th>}
            <Table.Th>Status</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th><VisuallyHidden>Menu</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((t) => (
            <Table.Tr key={t.id} data-token-id={t.id}>
              <Table.Td>
                <Text size="sm" fw={600} className="warden-truncate" title={t.name}>{t.name}</Text>
                <TokenNotes token={t} onExposedActivity={(x) => showActivity(x, x.exposed_at)} />
              </Table.Td>
              <Table.Td><Code>{t.hint}</Code></Table.Td>
              {showOwner && (
                <Table.Td>
                  <Stack gap={0}>
                    <Anchor component={Link} to={`/users/${t.user.id}`} size="sm" data-testid="token-owner">{t.user.name}</Anchor>
                    <Text size="xs" c="dimmed">{t.user.user_id}</Text>
                  </Stack>
                </Table.Td>
              )}
              <Table.Td><TokenStatusBadge status={t.status} /></Table.Td>
              <Table.Td><Expires token={t} /></Table.Td>
              <Table.Td><LastUsed token={t} /></Table.Td>
              <Table.Td><Created token={t} /></Table.Td>
              <Table.Td><TokenMenu token={t} onRotate={setRotating} onActivity={(x) => showActivity(x, null)} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
    )}
    <RotateTokenDialog token={rotating} onClose={() => setRotating(null)} onRotated={(s) => { setRotating(null); secret.show(s); }} />
    <SecretDialog shown={secret.shown} onClosed={secret.wipe} />
    <TokenActivityDrawer token={activity?.token ?? null} until={activity?.until ?? null} onClose={() => setActivity(null)} />
    </>
  );
}
