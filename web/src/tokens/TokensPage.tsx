// Settings → Access Tokens: my personal access tokens, and (Admins) every service token.
import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { api, call } from '../api/client.ts';
import type { Query, TokenStatus } from '../api/types.ts';
import { Pager, intParam, useUrlState } from '../common/paging.tsx';
import { UserPicker } from '../common/pickers.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../common/ui.tsx';
import { hasDraft } from '../session/drafts.ts';
import { useSession } from '../session/SessionProvider.tsx';
import { GenerateTokenDialog, SecretDialog, tokenDraftKey, useSecretHolder } from './GenerateToken.tsx';
import { TokenTable } from './TokenTable.tsx';

const STATUS_OPTIONS = [{ value: 'active', label: 'Active' }, { value: 'revoked', label: 'Revoked' }, { value: 'expired', label: 'Expired' }];

function PersonalTokens() {
  const [params, setParams] = useUrlState();
  const page = intParam(params, 'page', 1);
  const size = intParam(params, 'size', 50);
  const status = (params.get('status') as TokenStatus | null) ?? undefined;
  const [generating, setGenerating] = useState(() => hasDraft(tokenDraftKey('personal')));
  const secret = useSecretHolder();
  const tokens = useQuery({
    queryKey: ['tokens', 'personal', { page, size, status }],
    queryFn: () => call(api.GET('/api/user-tokens', { params: { query: { page, size, status } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed">Tokens that act as you, for scripts and the CLI. Nobody else, not even an Admin, can see them.</Text>
        <Group gap="sm">
          <Select aria-label="Status" placeholder="Any status" clearable w={150} data={STATUS_OPTIONS} value={status ?? null} onChange={(v) => setParams({ status: v })} />
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setGenerating(true)}>Generate token</Button>
        </Group>
      </Group>
      {tokens.error && <ProblemAlert error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.isPending ? <Loading label="Loading tokens…" /> : tokens.data && (tokens.data.total === 0 ? (
        <EmptyState title={status ? `No ${status} tokens` : 'No personal access tokens yet'}>Generate one for a script or for the Warden CLI.</EmptyState>
      ) : (
        <TokenTable tokens={tokens.data.items} showOwner={false} label="Personal access tokens" />
      ))}
      {tokens.data && tokens.data.total > 0 && <Pager page={page} size={size} total={tokens.data.total} label="tokens" onPage={(p) => setParams({ page: String(p) })} />}
      <GenerateTokenDialog opened={generating} onClose={() => setGenerating(false)} kind="personal" onCreated={(s) => { setGenerating(false); secret.show(s); }} />
      <SecretDialog shown={secret.shown} onClosed={secret.wipe} />
    </Stack>
  );
}

function ServiceTokens() {
  const [params, setParams] = useUrlState();
  const page = intParam(params, 'page', 1);
  const size = intParam(params, 'size', 50);
  const status = (params.get('status') as TokenStatus | null) ?? undefined;
  const userId = params.get('user') ? Number(params.get('user')) : null;
  const [generating, setGenerating] = useState(() => hasDraft(tokenDraftKey('service')));
  const secret = useSecretHolder();
  const query: Query<'/api/user-tokens/service'> = { page, size, status, user_id: userId ? String(userId) : undefined };
  const tokens = useQuery({
    queryKey: ['tokens', 'service', query],
    queryFn: () => call(api.GET('/api/user-tokens/service', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <div style={{ flex: '1 1 240px', maxWidth: 320 }}>
            <UserPicker label="Service user" type="service" activeOnly={false} value={userId} onChange={(id) => setParams({ user: id ? String(id) : null })} />
          </div>
          <Select label="Status" placeholder="Any" clearable w={150} data={STATUS_OPTIONS} value={status ?? null} onChange={(v) => setParams({ status: v })} />
        </Group>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setGenerating(true)}>Generate token</Button>
      </Group>
      {tokens.error && <ProblemAlert error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.isPending ? <Loading label="Loading tokens…" /> : tokens.data && (tokens.data.total === 0 ? (
        <EmptyState title="No service tokens match">Service tokens belong to service users; generate one for an integration.</EmptyState>
      ) : (
        <TokenTable tokens={tokens.data.items} showOwner label="Service tokens" />
      ))}
      {tokens.data && tokens.data.total > 0 && <Pager page={page} size={size} total={tokens.data.total} label="tokens" onPage={(p) => setParams({ page: String(p) })} />}
      <GenerateTokenDialog opened={generating} onClose={() => setGenerating(false)} kind="service" onCreated={(s) => { setGenerating(false); secret.show(s); }} />
      <SecretDialog shown={secret.shown} onClosed={secret.wipe} />
    </Stack>
  );
}

export default function TokensPage() {
  const { can } = useSession();
  const [params, setParams] = useUrlState();
  const personal = can('personal_tokens.manage');
  const service = can('service_tokens.manage');
  const requested = params.get('tab');
  const tab = requested === 'service' && service ? 'service' : personal ? 'personal' : service ? 'service' : null;
  return (
    <>
      <PageHeader title="Access Tokens" description="Tokens authenticate scripts, pipelines and the CLI: Authorization: Bearer wdn_…" />
      {tab === null ? (
        <EmptyState title="No tokens for this account">Service users do not manage tokens themselves.</EmptyState>
      ) : (
        <Card withBorder padding="md">
          <Tabs value={tab} onChange={(v) => setParams({ tab: v === 'personal' ? null : v, status: null, user: null })} keepMounted={false}>
            <Tabs.List mb="md">
              {personal && <Tabs.Tab value="personal">Personal</Tabs.Tab>}
              {service && <Tabs.Tab value="service">Service</Tabs.Tab>}
            </Tabs.List>
            {personal && <Tabs.Panel value="personal"><PersonalTokens /></Tabs.Panel>}
            {service && <Tabs.Panel value="service"><ServiceTokens /></Tabs.Panel>}
          </Tabs>
        </Card>
      )}
    </>
  );
}
