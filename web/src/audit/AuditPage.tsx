// Settings → Audit: every change, newest first, filtered by actor, action (the server's own list),
// target and time range, each with its before/after.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { api, call } from '../api/client.ts';
import type { Query } from '../api/types.ts';
import { Pager, intParam, useUrlState } from '../common/paging.tsx';
import { UserPicker } from '../common/pickers.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../common/ui.tsx';
import { EventsTable } from './EventsTable.tsx';
import { ChainCheck } from './ChainCheck.tsx';

/** A datetime-local value (the browser's local time) as ISO 8601, or undefined. */
function toIso(local: string | null): string | undefined {
  if (!local) return undefined;
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export default function AuditPage() {
  const [params, setParams] = useUrlState();
  const page = intParam(params, 'page', 1);
  const size = intParam(params, 'size', 50);
  const actions = useQuery({ queryKey: ['audit', 'actions'], queryFn: () => call(api.GET('/api/audit-events/actions')), staleTime: Infinity });
  const targetTypes = [...new Set((actions.data?.items ?? []).map((a) => a.target_type))];
  const query: Query<'/api/audit-events'> = {
    actor_id: params.get('actor') ? Number(params.get('actor')) : undefined,
    action: params.get('action') || undefined,
    target_type: params.get('target_type') || undefined,
    target_id: params.get('target_id') ? Number(params.get('target_id')) : undefined,
    credential_token_id: params.get('credential_token_id') ? Number(params.get('credential_token_id')) : undefined,
    since: toIso(params.get('since')),
    until: toIso(params.get('until')),
    page,
    size,
  };
  const events = useQuery({
    queryKey: ['audit', 'events', query],
    queryFn: () => call(api.GET('/api/audit-events', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const filtered = ['actor', 'action', 'target_type', 'target_id', 'credential_token_id', 'since', 'until'].some((k) => params.get(k));
  return (
    <>
      <PageHeader title="Audit" description="Every change to users, tokens, teams and datastores, with who made it, with which credential, and what it changed. Reads are not recorded." />
      <ChainCheck />
      <Card withBorder padding="md">
        <Stack gap="md">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <div style={{ flex: '1 1 240px', maxWidth: 300 }}>
              <UserPicker label="Actor" activeOnly={false} value={query.actor_id ?? null} onChange={(id) => setParams({ actor: id ? String(id) : null })} />
            </div>
            <Select label="Action" placeholder="Any" clearable searchable w={230} value={params.get('action')} onChange={(v) => setParams({ action: v })}
              data={(actions.data?.items ?? []).map((a) => ({ value: a.action, label: a.action }))} nothingFoundMessage="No such action"
              renderOption={({ option }) => <div><div>{option.label}</div><div style={{ fontSize: 12, opacity: 0.8 }}>{actions.data?.items.find((a) => a.action === option.value)?.description}</div></div>} />
            <Select label="Target type" placeholder="Any" clearable w={150} value={params.get('target_type')} onChange={(v) => setParams({ target_type: v })} data={targetTypes} />
            <NumberInput label="Target id" w={120} min={1} allowDecimal={false} value={params.get('target_id') ?? ''} onChange={(v) => setParams({ target_id: v === '' ? null : String(v) })} />
            <NumberInput label="Done with token" title="Only what was done with this token (its id)" w={150} min={1} allowDecimal={false} value={params.get('credential_token_id') ?? ''} onChange={(v) => setParams({ credential_token_id: v === '' ? null : String(v) })} />
            <TextInput label="Since" type="datetime-local" w={210} value={params.get('since') ?? ''} onChange={(e) => setParams({ since: e.currentTarget.value })} />
            <TextInput label="Until" type="datetime-local" w={210} value={params.get('until') ?? ''} onChange={(e) => setParams({ until: e.currentTarget.value })} />
            {filtered && <Button variant="subtle" onClick={() => setParams({ actor: null, action: null, target_type: null, target_id: null, credential_token_id: null, since: null, until: null })}>Clear filters</Button>}
          </Group>
          {events.error && <ProblemAlert error={events.error} onRetry={() => void events.refetch()} />}
          {events.isPending ? <Loading label="Loading events…" /> : events.data && (events.data.total === 0 ? (
            <EmptyState title="No events match">Change or clear the filters.</EmptyState>
          ) : (
            <EventsTable events={events.data.items} />
          ))}
          {events.data && events.data.total > 0 && (
            <Pager page={page} size={size} total={events.data.total} label="events" onPage={(p) => setParams({ page: String(p) })} onSize={(s) => setParams({ size: String(s) })} />
          )}
        </Stack>
      </Card>
    </>
  );
}
