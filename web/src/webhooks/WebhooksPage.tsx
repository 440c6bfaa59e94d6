// Webhooks (Admin): where Warden's events go. Create one (the signing secret is shown once), pick
// its events from the server's catalog, edit its URL, events and description, enable or disable it
// (and see when and why it is off: an Admin, or Warden after 24 hours of failures), send a test
// event, rotate the secret, and read each webhook's delivery log (status, attempts, latency). The secret lives in
// this page's state only while its dialog is open: never in the query cache, never after closing.
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, MultiSelect, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconPlus } from '@tabler/icons-react';
import type { paths } from '@client';
import { api, call, isApiError } from '../api/client.ts';
import { Pager, intParam, useUrlState } from '../common/paging.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, TimeAgo } from '../common/ui.tsx';

type Webhook = paths['/api/webhooks/{id}']['get']['responses'][200]['content']['application/json'];

/** A secret on screen: the dialog blanks it in place when it closes. */
interface ShownSecret {
  value: string;
  title: string;
}

function SecretDialog({ shown, onClosed }: { shown: ShownSecret | null; onClosed: () => void }) {
  const close = () => {
    if (shown) shown.value = '';
    onClosed();
  };
  return (
    <Modal opened={shown !== null} onClose={close} closeOnClickOutside={false} size="lg" title={<Text fw={600}>{shown?.title}</Text>}>
      {shown && (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Copy it now: you will not see it again">
            The receiver verifies each delivery&apos;s <Code>webhook-signature</Code> with this secret (Standard Webhooks: HMAC-SHA256 over id, timestamp and body).
          </Alert>
          <Code block className="warden-secret" data-testid="webhook-secret" aria-label="The signing secret" tabIndex={0}>{shown.value}</Code>
          <Group justify="space-between">
            <CopyButton value={shown.value} timeout={3000}>
              {({ copied, copy }) => (
                <Button onClick={copy} variant={copied ? 'light' : 'filled'} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                  {copied ? 'Copied' : 'Copy secret'}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={close}>I have copied it — close</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function useEventOptions() {
  const catalog = useQuery({ queryKey: ['webhooks', 'events'], queryFn: () => call(api.GET('/api/webhooks/events')), staleTime: Infinity });
  // Audit actions one by one would swamp the picker: the firehose is one choice.
  return (catalog.data?.items ?? []).filter((e) => !e.type.startsWith('audit.') || e.type === 'audit.*').map((e) => ({ value: e.type, label: e.type, description: e.description }));
}

interface WebhookValues {
  url: string;
  events: string[];
  description: string;
}

function CreateWebhookDialog({ opened, onClose, onSecret }: { opened: boolean; onClose: () => void; onSecret: (s: ShownSecret) => void }) {
  const queryClient = useQueryClient();
  const events = useEventOptions();
  const form = useForm<WebhookValues>({
    initialValues: { url: '', events: [], description: '' },
    validate: {
      url: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? null : 'An http or https URL'),
      events: (v) => (v.length === 0 ? 'Choose at least one event' : null),
    },
  });
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  // Not a mutation: its answer carries the secret, which must not stay in the mutation cache.
  const submit = async (v: WebhookValues) => {
    setPending(true);
    setError(null);
    try {
      const created = await call(api.POST('/api/webhooks', { body: { url: v.url.trim(), events: v.events, description: v.description.trim() || null } }));
      onSecret({ value: created.secret, title: `Signing secret of webhook ${created.id}` });
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      onClose();
    } catch (err) {
      setError(err);
      if (isApiError(err)) form.setErrors({ url: err.fieldError('url'), events: err.fieldError('events') });
    } finally {
      setPending(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>New webhook</Text>} size="lg">
      <form onSubmit={form.onSubmit((v) => void submit(v))} noValidate>
        <Stack gap="sm">
          <TextInput label="URL" required placeholder="https://siem.example.com/hooks/warden" description="Events are POSTed here as JSON, signed" data-autofocus {...form.getInputProps('url')} />
          <MultiSelect label="Events" required searchable data={events} placeholder="Choose events" description="audit.* sends every audit event (for a SIEM)"
            renderOption={({ option }) => <div><div>{option.label}</div><div style={{ fontSize: 12, opacity: 0.8 }}>{events.find((e) => e.value === option.value)?.description}</div></div>}
            {...form.getInputProps('events')} />
          <Textarea label="Description" autosize minRows={2} maxLength={2000} {...form.getInputProps('description')} />
          {error !== null && <ProblemAlert error={error} />}
          <Group justify="flex-end"><Button variant="default" onClick={onClose}>Cancel</Button><Button type="submit" loading={pending}>Create webhook</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Changes a webhook's URL, events and description (PUT); the secret stays as it is. */
function EditWebhookDialog({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  return (
    <Modal opened={webhook !== null} onClose={onClose} title={<Text fw={600}>Edit webhook {webhook?.id}</Text>} size="lg">
      {webhook && <EditWebhookForm key={webhook.id} webhook={webhook} onDone={onClose} />}
    </Modal>
  );
}

function EditWebhookForm({ webhook, onDone }: { webhook: Webhook; onDone: () => void }) {
  const queryClient = useQueryClient();
  const events = useEventOptions();
  const form = useForm<WebhookValues>({
    initialValues: { url: webhook.url, events: webhook.events, description: webhook.description ?? '' },
    validate: {
      url: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? null : 'An http or https URL'),
      events: (v) => (v.length === 0 ? 'Choose at least one event' : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: WebhookValues) => call(api.PUT('/api/webhooks/{id}', { params: { path: { id: webhook.id } }, body: { url: v.url.trim(), events: v.events, description: v.description.trim() || null } })),
    onSuccess: (w) => {
      notifications.show({ color: 'green', message: `Webhook ${w.id} saved` });
      void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      onDone();
    },
    onError: (err) => {
      if (isApiError(err)) form.setErrors({ url: err.fieldError('url'), events: err.fieldError('events') });
    },
  });
  // Events the picker folds away (a single audit action) still show as chosen.
  const options = [...events, ...form.values.events.filter((e) => !events.some((o) => o.value === e)).map((e) => ({ value: e, label: e, description: '' }))];
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <TextInput label="URL" required description="Events are POSTed here as JSON, signed with the same secret" data-autofocus {...form.getInputProps('url')} />
        <MultiSelect label="Events" required searchable data={options} placeholder="Choose events" description="audit.* sends every audit event (for a SIEM)" {...form.getInputProps('events')} />
        <Textarea label="Description" autosize minRows={2} maxLength={2000} {...form.getInputProps('description')} />
        {save.error && <ProblemAlert error={save.error} />}
        <Group justify="flex-end"><Button variant="default" onClick={onDone}>Cancel</Button><Button type="submit" loading={save.isPending}>Save changes</Button></Group>
      </Stack>
    </form>
  );
}

/** Whether it is on, and if not since when and why; a failing streak while on. */
function WebhookState({ webhook, onToggle }: { webhook: Webhook; onToggle: () => void }) {
  return (
    <Stack gap={4}>
      <Switch checked={webhook.enabled} onChange={onToggle} aria-label={`Webhook ${webhook.id} enabled`} />
      {!webhook.enabled && webhook.disabled_at && (
        <Text size="xs" c={webhook.disabled_reason?.startsWith('every attempt failed') ? 'red' : 'dimmed'} data-testid={`webhook-${webhook.id}-disabled`}>
          Off since <TimeAgo iso={webhook.disabled_at} />{webhook.disabled_reason && <>: {webhook.disabled_reason}</>}
        </Text>
      )}
      {webhook.enabled && webhook.failing_since && (
        <Text size="xs" c="orange">Failing since <TimeAgo iso={webhook.failing_since} />; switched off after 24 hours of it</Text>
      )}
    </Stack>
  );
}

const STATUS_COLOR = { pending: 'yellow', succeeded: 'green', failed: 'red' } as const;

/** Every attempt of one delivery: when, the answer, how long it took. */
function AttemptsDialog({ webhookId, deliveryId, onClose }: { webhookId: number; deliveryId: number | null; onClose: () => void }) {
  const detail = useQuery({
    queryKey: ['webhooks', webhookId, 'delivery', deliveryId],
    queryFn: () => call(api.GET('/api/webhooks/{id}/deliveries/{delivery_id}', { params: { path: { id: webhookId, delivery_id: deliveryId! } } })),
    enabled: deliveryId !== null,
  });
  return (
    <Modal opened={deliveryId !== null} onClose={onClose} size="lg" title={<Text fw={600}>Attempts of delivery {deliveryId}</Text>}>
      {detail.error && <ProblemAlert error={detail.error} />}
      {detail.isPending ? <Loading /> : detail.data && (
        <Stack gap="sm">
          <Text size="sm">{detail.data.event_type} <Code>{detail.data.event_id}</Code> — the same webhook-id on every attempt</Text>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Answer</Table.Th><Table.Th>Latency</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {detail.data.attempt_log.map((a, i) => (
                <Table.Tr key={i}>
                  <Table.Td><TimeAgo iso={a.at} /></Table.Td>
                  <Table.Td>{a.status ?? '—'}{a.error && <Text size="xs" c="dimmed">{a.error}</Text>}</Table.Td>
                  <Table.Td>{a.latency_ms === null ? '—' : `${a.latency_ms} ms`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Modal>
  );
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const [page, setPage] = useState(1);
  const [opened, setOpened] = useState<number | null>(null);
  const deliveries = useQuery({
    queryKey: ['webhooks', webhook.id, 'deliveries', page],
    queryFn: () => call(api.GET('/api/webhooks/{id}/deliveries', { params: { path: { id: webhook.id }, query: { page, size: 20 } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`deliveries-${webhook.id}`}>
      <Title order={2} size="h4" id={`deliveries-${webhook.id}`} mb="sm">Deliveries of webhook {webhook.id}</Title>
      {deliveries.error && <ProblemAlert error={deliveries.error} />}
      {deliveries.isPending ? <Loading /> : deliveries.data && (deliveries.data.total === 0 ? (
        <EmptyState title="Nothing sent yet">Send a test event to see a delivery here.</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={6} fz="sm" striped>
              <Table.Thead>
                <Table.Tr><Table.Th>Event</Table.Th><Table.Th>Status</Table.Th><Table.Th>Attempts</Table.Th><Table.Th>Last answer</Table.Th><Table.Th>Latency</Table.Th><Table.Th>When</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.data.items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td><Text size="sm">{d.event_type}</Text><Text size="xs" c="dimmed" ff="monospace">{d.event_id}</Text></Table.Td>
                    <Table.Td><Badge variant="light" color={STATUS_COLOR[d.status]}>{d.status}</Badge></Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant="subtle" onClick={() => setOpened(d.id)} aria-label={`${d.attempts} attempt${d.attempts === 1 ? '' : 's'} of delivery ${d.id}`}>{d.attempts}</Button>
                      {d.next_attempt_at && <Text size="xs" c="dimmed">next <TimeAgo iso={d.next_attempt_at} /></Text>}
                    </Table.Td>
                    <Table.Td>{d.last_status ?? '—'}{d.last_error && <Text size="xs" c="dimmed">{d.last_error}</Text>}</Table.Td>
                    <Table.Td>{d.last_latency_ms === null ? '—' : `${d.last_latency_ms} ms`}</Table.Td>
                    <Table.Td><TimeAgo iso={d.delivered_at ?? d.last_attempt_at ?? d.created_at} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={page} size={20} total={deliveries.data.total} onPage={setPage} label="events" />
        </>
      ))}
      <AttemptsDialog webhookId={webhook.id} deliveryId={opened} onClose={() => setOpened(null)} />
    </Card>
  );
}

export default function WebhooksPage() {
  const queryClient = useQueryClient();
  const [params, setParams] = useUrlState();
  const page = intParam(params, 'page', 1);
  const selected = params.get('webhook') ? Number(params.get('webhook')) : null;
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const hooks = useQuery({
    queryKey: ['webhooks', 'list', page],
    queryFn: () => call(api.GET('/api/webhooks', { params: { query: { page, size: 50 } } })),
    placeholderData: keepPreviousData,
    // While something waits to be delivered, the counts follow it.
    refetchInterval: (q) => (q.state.data?.items.some((w) => w.deliveries.pending > 0) ? 3000 : false),
  });
  const refresh = (message: string) => {
    notifications.show({ color: 'green', message });
    void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    void queryClient.invalidateQueries({ queryKey: ['audit'] });
  };
  const toggle = useMutation({
    mutationFn: (w: Webhook) => call(api.PUT('/api/webhooks/{id}', { params: { path: { id: w.id } }, body: { enabled: !w.enabled } })),
    onSuccess: (w) => refresh(`Webhook ${w.id} ${w.enabled ? 'enabled' : 'disabled'}`),
  });
  const test = useMutation({
    mutationFn: (w: Webhook) => call(api.POST('/api/webhooks/{id}/test', { params: { path: { id: w.id } } })),
    onSuccess: (d) => {
      refresh(`Test event ${d.event_id} queued`);
      setParams({ webhook: String(d.webhook_id) });
    },
  });
  const rotate = async (w: Webhook) => {
    try {
      const rotated = await call(api.POST('/api/webhooks/{id}/rotate-secret', { params: { path: { id: w.id } } }));
      setSecret({ value: rotated.secret, title: `New signing secret of webhook ${w.id} (the old one signs too for 24 hours)` });
      refresh('Secret rotated');
    } catch (err) {
      notifications.show({ color: 'red', message: err instanceof Error ? err.message : String(err) });
    }
  };
  const remove = (w: Webhook) => modals.openConfirmModal({
    modalId: `webhook-delete-${w.id}`,
    title: `Delete webhook ${w.id}?`,
    children: <Text size="sm">Nothing more is sent to {w.url}; its delivery log goes with it. The audit log keeps the record.</Text>,
    labels: { confirm: 'Delete', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      await call(api.DELETE('/api/webhooks/{id}', { params: { path: { id: w.id } } }));
      if (selected === w.id) setParams({ webhook: null });
      refresh(`Webhook ${w.id} deleted`);
    },
  });
  const error = toggle.error ?? test.error;
  const chosen = hooks.data?.items.find((w) => w.id === selected) ?? null;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Warden tells other systems what happens: tokens expiring, expired, revoked or rotated, users deactivated or changing role, reviews due, elevations ending, or every audit event. Deliveries are signed (Standard Webhooks) and retried for 24 hours."
        actions={<Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>New webhook</Button>}
      />
      <Stack gap="lg">
        <Card withBorder padding="md">
          {error && <ProblemAlert error={error} />}
          {hooks.error && <ProblemAlert error={hooks.error} onRetry={() => void hooks.refetch()} />}
          {hooks.isPending ? <Loading /> : hooks.data && (hooks.data.total === 0 ? (
            <EmptyState title="No webhook yet">Create one to send Warden&apos;s events to a chat, a ticketing system or a SIEM.</EmptyState>
          ) : (
            <>
              <Table.ScrollContainer minWidth={820}>
                <Table verticalSpacing="xs" fz="sm" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr><Table.Th>URL</Table.Th><Table.Th>Events</Table.Th><Table.Th>Enabled</Table.Th><Table.Th>Deliveries</Table.Th><Table.Th>Actions</Table.Th></Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {hooks.data.items.map((w) => (
                      <Table.Tr key={w.id} aria-selected={w.id === selected}>
                        <Table.Td><Text size="sm" ff="monospace" className="warden-truncate" title={w.url} miw={160} maw={220}>{w.url}</Text>{w.description && <Text size="xs" c="dimmed">{w.description}</Text>}</Table.Td>
                        <Table.Td><Group gap={4}>{w.events.map((e) => <Badge key={e} variant="outline" size="sm" tt="none">{e}</Badge>)}</Group></Table.Td>
                        <Table.Td><WebhookState webhook={w} onToggle={() => toggle.mutate(w)} /></Table.Td>
                        <Table.Td><Text size="sm">{w.deliveries.succeeded} ok · {w.deliveries.pending} pending · {w.deliveries.failed} failed</Text></Table.Td>
                        <Table.Td>
                          <Group gap={6} maw={300}>
                            <Button size="compact-sm" variant="light" onClick={() => setParams({ webhook: String(w.id) })}>Deliveries</Button>
                            <Button size="compact-sm" variant="subtle" onClick={() => setEditing(w)} aria-label={`Edit webhook ${w.id}`}>Edit</Button>
                            <Button size="compact-sm" variant="subtle" disabled={!w.enabled} loading={test.isPending && test.variables?.id === w.id} onClick={() => test.mutate(w)}>Send test</Button>
                            <Button size="compact-sm" variant="subtle" onClick={() => void rotate(w)}>Rotate secret</Button>
                            <Button size="compact-sm" variant="subtle" color="red" onClick={() => remove(w)}>Delete</Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Pager page={page} size={50} total={hooks.data.total} onPage={(p) => setParams({ page: String(p) })} label="webhooks" />
            </>
          ))}
        </Card>
        {chosen && <Deliveries webhook={chosen} />}
      </Stack>
      <CreateWebhookDialog opened={creating} onClose={() => setCreating(false)} onSecret={setSecret} />
      <EditWebhookDialog webhook={editing} onClose={() => setEditing(null)} />
      <SecretDialog shown={secret} onClosed={() => setSecret(null)} />
    </>
  );
}
