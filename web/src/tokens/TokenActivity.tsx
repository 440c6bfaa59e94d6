// What was done with a token: the audit events whose credential is that token (issue 21 §3), in
// the 30 days before now, or before it was reported exposed. A drawer from the token menu (and from
// "Reported exposed"), and a short list in the revoke confirmation. Admins only (audit.read).
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Code, Drawer, List, Stack, Text } from '@mantine/core';
import { api, call } from '../api/client.ts';
import type { Query, Token } from '../api/types.ts';
import { DAY_MS, formatDateTime } from '../common/format.ts';
import { EmptyState, Loading, ProblemAlert } from '../common/ui.tsx';
import { EventsTable } from '../audit/EventsTable.tsx';

export const ACTIVITY_DAYS = 30;

/** The window looked at: the 30 days before `until` (default: `now`, fixed when the view opened). */
function activityQuery(tokenId: number, until: string | null, now: number, size: number): Query<'/api/audit-events'> {
  const end = until ? Date.parse(until) : now;
  return {
    credential_token_id: tokenId,
    since: new Date(end - ACTIVITY_DAYS * DAY_MS).toISOString(),
    ...(until ? { until: new Date(end + 1).toISOString() } : {}),
    size,
  };
}

function useTokenActivity(tokenId: number, until: string | null, size: number) {
  // Fixed once: a window that moved with every render would be a new query each time.
  const [now] = useState(() => Date.now());
  const query = activityQuery(tokenId, until, now, size);
  return {
    query,
    events: useQuery({
      queryKey: ['audit', 'events', query],
      queryFn: () => call(api.GET('/api/audit-events', { params: { query } })),
    }),
  };
}

/** The audit log filtered to this token (everything it did, not only the last 30 days). */
export const activityPath = (tokenId: number) => `/audit?credential_token_id=${tokenId}`;

function windowText(until: string | null) {
  return until ? `in the ${ACTIVITY_DAYS} days before it was reported exposed (${formatDateTime(until)})` : `in the last ${ACTIVITY_DAYS} days`;
}

/**
 * A short account of what the token did, for the revoke confirmation. No links: confirmations are
 * rendered outside the page's router.
 */
export function TokenActivitySummary({ token }: { token: Token }) {
  const { events } = useTokenActivity(token.id, null, 5);
  if (events.isPending) return <Loading label="Loading what it did…" />;
  if (events.error) return <Text size="sm" c="red">Could not load what it did: {events.error.message}</Text>;
  const { items, total } = events.data;
  return (
    <Stack gap={4} aria-label={`Activity of ${token.name}`} role="region">
      <Text size="sm" fw={600}>{total === 0 ? `Nothing was changed with it ${windowText(null)}.` : `What was done with it ${windowText(null)}: ${total} change${total === 1 ? '' : 's'}`}</Text>
      {total > 0 && (
        <List size="xs" spacing={2}>
          {items.map((e) => (
            <List.Item key={e.id}>
              {formatDateTime(e.at)} · <Code fz="xs">{e.action}</Code> · {e.target_type}{e.target_id !== null ? ` ${e.target_id}` : ''}{e.target_name ? ` (${e.target_name})` : ''}
            </List.Item>
          ))}
        </List>
      )}
      {total > items.length && <Text size="xs" c="dimmed">…and {total - items.length} more: the token menu's Activity lists them all.</Text>}
    </Stack>
  );
}

/** The drawer: every change made with the token in the window, with the audit log's columns. */
export function TokenActivityDrawer({ token, until, onClose }: { token: Token | null; until: string | null; onClose: () => void }) {
  return (
    <Drawer opened={token !== null} onClose={onClose} position="right" size="xl" closeButtonProps={{ 'aria-label': 'Close dialog' }} title={token ? `Activity of “${token.name}”` : ''}>
      {token && <ActivityBody token={token} until={until} />}
    </Drawer>
  );
}

function ActivityBody({ token, until }: { token: Token; until: string | null }) {
  const { events } = useTokenActivity(token.id, until, 200);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Changes made with <Code>{token.hint}</Code> {windowText(until)}, newest first. Reads are not recorded.
      </Text>
      {events.error && <ProblemAlert error={events.error} onRetry={() => void events.refetch()} />}
      {events.isPending ? <Loading label="Loading activity…" /> : events.data && (events.data.total === 0 ? (
        <EmptyState title="No activity">Nothing was changed with this token {windowText(until)}.</EmptyState>
      ) : (
        <>
          <EventsTable events={events.data.items} label={`Activity of ${token.name}`} />
          {events.data.total > events.data.items.length && <Text size="xs" c="dimmed">Showing {events.data.items.length} of {events.data.total}.</Text>}
        </>
      ))}
      <Anchor component={Link} to={activityPath(token.id)} size="sm">Everything done with this token, in the audit log</Anchor>
    </Stack>
  );
}
