// Overview: who I am, my tokens that expire soon, and (Admins, Managers) what needs attention.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Card, Code, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { api, call } from '../api/client.ts';
import type { ReviewItem } from '../api/types.ts';
import { DAY_MS, TYPE_LABEL, daysUntil, formatDate } from '../common/format.ts';
import { EmptyState, Loading, PageHeader, ProblemAlert, RoleBadge, TimeAgo } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';

const SOON_DAYS = 30;

function WhoIAm() {
  const { user } = useSession();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="who-title">
      <Title order={2} size="h4" id="who-title" mb="sm">You</Title>
      <Stack gap={8}>
        <Group gap="sm"><Text fw={600} size="lg">{user.name}</Text><RoleBadge role={user.role} /></Group>
        {user.email && <Text size="sm">{user.email}</Text>}
        <Text size="sm" c="dimmed">{TYPE_LABEL[user.type]} account · <Code>{user.user_id}</Code></Text>
        <Group gap={6}>
          <Text size="sm">Teams:</Text>
          {user.teams.map((t) => <Badge key={t.id} variant="outline" color="gray">{t.name}</Badge>)}
        </Group>
      </Stack>
    </Card>
  );
}

function MyExpiringTokens() {
  const { can } = useSession();
  const personal = can('personal_tokens.manage');
  const tokens = useQuery({
    queryKey: ['tokens', 'personal', { status: 'active', size: 200 }],
    queryFn: () => call(api.GET('/api/user-tokens', { params: { query: { status: 'active', size: 200 } } })),
    enabled: personal,
  });
  const soon = (tokens.data?.items ?? []).filter((t) => t.expires_at && Date.parse(t.expires_at) - Date.now() < SOON_DAYS * DAY_MS);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="expiring-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="expiring-title">My tokens expiring within {SOON_DAYS} days</Title>
        {personal && <Anchor component={Link} to="/tokens" size="sm">All my tokens</Anchor>}
      </Group>
      {!personal ? (
        <Text size="sm" c="dimmed">Service users have no personal tokens.</Text>
      ) : tokens.isPending ? (
        <Loading />
      ) : tokens.error ? (
        <ProblemAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : soon.length === 0 ? (
        <Text size="sm" c="dimmed">None of your active tokens expires within {SOON_DAYS} days.</Text>
      ) : (
        <Stack gap={6}>
          {soon.map((t) => {
            const days = daysUntil(t.expires_at!);
            return (
              <Group key={t.id} justify="space-between" wrap="nowrap">
                <Text size="sm" truncate>{t.name} <Code>{t.hint}</Code></Text>
                <Badge color={days < 7 ? 'red' : 'yellow'} variant="light">{days < 1 ? 'today' : `in ${days} days`}</Badge>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}

const KINDS: { kind: ReviewItem['kind']; title: string }[] = [
  { kind: 'service_user_review_due', title: 'Service users past their review date' },
  { kind: 'token_expiring', title: 'Tokens expiring within 30 days' },
  { kind: 'token_never_expires', title: 'Tokens that never expire' },
  { kind: 'service_user_admin', title: 'Service users with the Admin role' },
  { kind: 'elevated_role_without_end', title: 'Managers and Admins with no end date, due for review' },
  { kind: 'token_unused', title: 'Tokens unused for 90 days or more' },
  { kind: 'personal_inactive', title: 'People not seen for 90 days or more' },
];

/** Kinds the server lists that this console does not name yet still show, under the server's own word. */
function otherKinds(items: ReviewItem[]): { kind: ReviewItem['kind']; title: string }[] {
  const known = new Set<string>(KINDS.map((k) => k.kind));
  return [...new Set(items.map((i) => i.kind))].filter((k) => !known.has(k)).map((kind) => ({ kind, title: kind.replaceAll('_', ' ') }));
}

function NeedsAttention() {
  const reviews = useQuery({
    queryKey: ['reviews', { size: 200 }],
    queryFn: () => call(api.GET('/api/reviews', { params: { query: { size: 200 } } })),
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="attention-title">
      <Title order={2} size="h4" id="attention-title" mb="sm">Needs attention</Title>
      {reviews.isPending ? <Loading /> : reviews.error ? <ProblemAlert error={reviews.error} onRetry={() => void reviews.refetch()} /> : reviews.data.total === 0 ? (
        <EmptyState title="Nothing needs attention">No review is due, no token expires soon or lives forever, and no service user is an Admin.</EmptyState>
      ) : (
        <Stack gap="lg">
          {[...KINDS, ...otherKinds(reviews.data.items)].map(({ kind, title }) => {
            const items = reviews.data.items.filter((i) => i.kind === kind);
            const count = reviews.data.counts[kind] ?? items.length;
            if (count === 0) return null;
            return (
              <Stack key={kind} gap={6}>
                <Group gap="xs"><Title order={3} size="h5">{title}</Title><Badge variant="light" color="orange">{count}</Badge></Group>
                <Table.ScrollContainer minWidth={520}>
                  <Table verticalSpacing={6} fz="sm">
                    <Table.Thead>
                      <Table.Tr><Table.Th>User</Table.Th><Table.Th>Token</Table.Th><Table.Th>Why</Table.Th><Table.Th>Since</Table.Th></Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.slice(0, 10).map((item) => (
                        <Table.Tr key={`${item.user.id}-${item.token?.id ?? 0}`}>
                          <Table.Td><Anchor component={Link} to={`/users/${item.user.id}`} size="sm">{item.user.name}</Anchor></Table.Td>
                          <Table.Td>{item.token ? <Text size="sm">{item.token.name} <Code>{item.token.hint}</Code></Text> : '—'}</Table.Td>
                          <Table.Td>{item.detail}</Table.Td>
                          <Table.Td>{kind === 'token_expiring' ? formatDate(item.since) : <TimeAgo iso={item.since} />}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                {count > 10 && <Text size="xs" c="dimmed">and {count - 10} more</Text>}
              </Stack>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}

export default function OverviewPage() {
  const { user, can } = useSession();
  return (
    <>
      <PageHeader title="Overview" description={`Welcome, ${user.name}.`} />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <WhoIAm />
          <MyExpiringTokens />
        </SimpleGrid>
        {can('users.read') && <NeedsAttention />}
      </Stack>
    </>
  );
}
