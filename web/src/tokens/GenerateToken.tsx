// Generating a token: the form (lifetimes from the server, capped by the instance), and the one
// dialog that ever shows the secret. Once that dialog is closed (confirmed) the secret is wiped
// from the object that held it and leaves React state, the DOM and, never having been put there,
// the query cache.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Accordion, Alert, Button, Checkbox, Code, CopyButton, Group, Modal, MultiSelect, SegmentedControl, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { ACTIONS, ACTION_NAMES } from '@access';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { api, call, isApiError } from '../api/client.ts';
import type { UserSummary } from '../api/types.ts';
import { lifetimeLabel } from '../common/format.ts';
import { UserPicker, useDatastoreOptions } from '../common/pickers.tsx';
import { ProblemAlert } from '../common/ui.tsx';
import { takeDraft, useDraft } from '../session/drafts.ts';
import { useSession } from '../session/SessionProvider.tsx';

/** The secret and what names it; `value` is blanked when the dialog closes. */
export interface ShownSecret {
  value: string;
  name: string;
  hint: string;
  owner: string;
}

export function useSecretHolder() {
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const wipe = () => {
    // The same object may still be referenced by React's previous render: blank it in place.
    if (shown) {
      shown.value = '';
      shown.hint = '';
    }
    setShown(null);
  };
  return { shown, show: setShown, wipe };
}

export function SecretDialog({ shown, onClosed }: { shown: ShownSecret | null; onClosed: () => void }) {
  const [confirming, setConfirming] = useState(false);
  // The Copy button put it on the clipboard: that is the copy the question asks about, so closing
  // needs no second confirmation.
  const [copiedOnce, setCopiedOnce] = useState(false);
  const close = () => {
    setConfirming(false);
    setCopiedOnce(false);
    onClosed();
  };
  const done = () => (copiedOnce ? close() : setConfirming(true));
  return (
    <Modal
      opened={shown !== null} onClose={done} closeOnClickOutside={false} size="lg"
      title={<Text fw={600}>Token “{shown?.name}” for {shown?.owner}</Text>}
    >
      {shown && (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Copy it now: you will not see it again">
            Warden stores only a hash of the token. Put it where it will be used (a secret store, a CI variable) before closing this dialog.
          </Alert>
          <Code block className="warden-secret" data-testid="token-secret" aria-label="The new token" tabIndex={0}>{shown.value}</Code>
          <Group justify="space-between">
            <CopyButton value={shown.value} timeout={3000}>
              {({ copied, copy }) => (
                <Button onClick={() => { copy(); setCopiedOnce(true); setConfirming(false); }} variant={copied ? 'light' : 'filled'} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                  {copied ? 'Copied' : 'Copy token'}
                </Button>
              )}
            </CopyButton>
            <Button variant="light" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => { downloadSecret(shown); setCopiedOnce(true); setConfirming(false); }}>
              Download
            </Button>
            {!confirming && <Button variant="default" onClick={done}>Done</Button>}
          </Group>
          {confirming && (
            <Alert color="red" variant="light" title="Close for good?" role="alertdialog" aria-live="assertive">
              <Stack gap="sm">
                <Text size="sm">Have you copied the token? Once closed it cannot be shown again; a lost token is revoked and replaced.</Text>
                <Group>
                  <Button color="red" onClick={close}>Yes, I have copied it — close</Button>
                  <Button variant="default" onClick={() => setConfirming(false)}>Keep it open</Button>
                </Group>
              </Stack>
            </Alert>
          )}
        </Stack>
      )}
    </Modal>
  );
}

/**
 * Saves the secret as `<token-name>-token.txt`, holding the token and nothing else (no newline).
 * The object URL is revoked at once: the file is the only copy outside the dialog.
 */
function downloadSecret(shown: ShownSecret): void {
  const url = URL.createObjectURL(new Blob([shown.value], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${shown.name.replace(/[\\/:*?"<>|]+/g, '_')}-token.txt`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

interface GenerateValues {
  name: string;
  expires: string;
  /** The custom expiry date (YYYY-MM-DD) when `expires` is custom. */
  customDate: string;
  userId: number | null;
  scimOnly: boolean;
  /** Restrictions (optional): what the token is narrowed to, fixed at creation. */
  actions: string[];
  datastoreIds: string[];
  cidrs: string[];
}

const READ = 'read';

const NEVER = 'never';
const CUSTOM = 'custom';
const DAY_MS = 86_400_000;

/** Whole days from today (local) to a YYYY-MM-DD date: the token then expires on that date. */
export function daysTo(date: string, now = new Date()): number {
  const [y, m, d] = date.split('-').map(Number);
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((Date.UTC(y, m - 1, d) - today) / DAY_MS);
}

/** YYYY-MM-DD of today plus `days` (local), for the date field's bounds. */
function dateIn(days: number, now = new Date()): string {
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/**
 * The Generate form. `kind` personal issues the caller's own PAT; service issues a token for a
 * service user (chosen here, or `fixedUser`).
 */
export function GenerateTokenDialog({ opened, onClose, kind, fixedUser, onCreated }: {
  opened: boolean; onClose: () => void; kind: 'personal' | 'service'; fixedUser?: UserSummary; onCreated: (secret: ShownSecret) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{kind === 'personal' ? 'Generate a personal access token' : 'Generate a service token'}</Text>} size="lg">
      {opened && <GenerateTokenForm kind={kind} fixedUser={fixedUser} onCancel={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function draftKey(kind: string, fixedUser?: UserSummary): string {
  return `token.generate.${kind}${fixedUser ? `.${fixedUser.id}` : ''}`;
}

/** The draft key of the form, to reopen it after signing in again. */
export function tokenDraftKey(kind: 'personal' | 'service', fixedUser?: UserSummary): string {
  return draftKey(kind, fixedUser);
}

function GenerateTokenForm({ kind, fixedUser, onCancel, onCreated }: {
  kind: 'personal' | 'service'; fixedUser?: UserSummary; onCancel: () => void; onCreated: (secret: ShownSecret) => void;
}) {
  const { info, user, can } = useSession();
  const queryClient = useQueryClient();
  const choices = info.tokens.expiry_choices;
  const preferred = choices.includes(90) ? '90' : String(choices[0] ?? NEVER);
  const key = draftKey(kind, fixedUser);
  const [draft] = useState(() => takeDraft<GenerateValues>(key));
  const form = useForm<GenerateValues>({
    initialValues: draft ?? { name: '', expires: preferred, customDate: '', userId: fixedUser?.id ?? null, scimOnly: false, actions: [], datastoreIds: [], cidrs: [] },
    validate: {
      customDate: (v, values) => {
        if (values.expires !== CUSTOM) return null;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return 'Choose the date it expires';
        const days = daysTo(v);
        const cap = info.tokens.max_days ?? 365;
        return days < 1 ? 'Choose a date after today' : days > cap ? `At most ${lifetimeLabel(cap)} from today` : null;
      },
      name: (v) => (v.trim() === '' ? 'A name is required' : v.length > 255 ? 'At most 255 characters' : null),
      userId: (v) => (kind === 'service' && v === null ? 'Choose the service user' : null),
    },
  });
  useDraft(key, form.values);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      // Not a TanStack mutation on purpose: its cache would keep the answer, and so the secret.
      const created = await call(api.POST('/api/user-tokens', {
        body: {
          name: values.name.trim(),
          expires_in_days: values.expires === NEVER ? null : values.expires === CUSTOM ? daysTo(values.customDate) : Number(values.expires),
          ...(kind === 'service' ? { user_id: values.userId!, ...(values.scimOnly ? { scim_only: true } : {}) } : {}),
          ...(values.actions.length ? { actions: values.actions } : {}),
          ...(values.datastoreIds.length ? { datastore_ids: values.datastoreIds.map(Number) } : {}),
          ...(values.cidrs.length ? { allowed_cidrs: values.cidrs.map((c) => c.trim()) } : {}),
        },
      }));
      onCreated({ value: created.token, name: created.name, hint: created.hint, owner: created.user.name });
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
    } catch (err) {
      if (isApiError(err)) {
        form.setErrors({
          name: err.fieldError('name') ?? (err.status === 409 ? err.message : undefined), userId: err.fieldError('user_id'),
          actions: err.fieldError('actions'), datastoreIds: err.fieldError('datastore_ids'), cidrs: err.fieldError('allowed_cidrs'),
        });
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  });

  const fixed = choices.map((d) => ({ value: d === null ? NEVER : String(d), label: lifetimeLabel(d) }));
  // A custom date sits before Never (which, when offered, stays last).
  const options = choices.includes(null) ? [...fixed.slice(0, -1), { value: CUSTOM, label: 'Custom' }, fixed.at(-1)!] : [...fixed, { value: CUSTOM, label: 'Custom' }];
  const cap = info.tokens.max_days ?? 365;
  const datastores = useDatastoreOptions();
  const datastoreOptions = datastores.map((d) => ({ value: String(d.id), label: `${d.name} (${d.kind})` }));
  const actionOptions = [
    { value: READ, label: 'read — every action that changes nothing (with datastores: their reads only)' },
    ...ACTION_NAMES.map((a) => ({ value: a, label: `${a} — ${ACTIONS[a].description}` })),
  ];
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {kind === 'personal' && <Text size="sm">The token acts as you ({user.name}), with your role and teams as they are at each request.</Text>}
        {kind === 'service' && !fixedUser && (
          <UserPicker label="Service user" type="service" required value={form.values.userId} onChange={(id) => form.setFieldValue('userId', id)} error={form.errors.userId as string | undefined} />
        )}
        {kind === 'service' && fixedUser && <Text size="sm">For <strong>{fixedUser.name}</strong> (<Code>{fixedUser.user_id}</Code>).</Text>}
        <TextInput label="Name" description="Unique among this owner's tokens, e.g. where it is used" required maxLength={255} data-autofocus {...form.getInputProps('name')} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="expires-label">Expiration</Text>
          <SegmentedControl aria-labelledby="expires-label" data={options} fullWidth size="xs" {...form.getInputProps('expires')} />
          {form.values.expires === CUSTOM && (
            <TextInput type="date" label="Expires on" description={`A date from tomorrow to ${lifetimeLabel(cap)} from today`} required min={dateIn(1)} max={dateIn(cap)} {...form.getInputProps('customDate')} />
          )}
          {info.tokens.max_days !== null && (
            <Text size="xs" c="dimmed">This instance caps tokens at {lifetimeLabel(info.tokens.max_days)}; tokens that never expire are not allowed.</Text>
          )}
        </Stack>
        {kind === 'service' && can('service_tokens.manage') && (
          <Checkbox label="SCIM only" description="The token reaches only the SCIM API (/api/scim/v2), for an identity provider's provisioning" {...form.getInputProps('scimOnly', { type: 'checkbox' })} />
        )}
        <Accordion variant="contained" defaultValue={form.values.actions.length + form.values.datastoreIds.length + form.values.cidrs.length ? 'narrow' : null}>
          <Accordion.Item value="narrow">
            <Accordion.Control>Narrow this token (optional)</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Text size="xs" c="dimmed">A token never does more than its owner may; these make it do less. They are fixed when it is issued.</Text>
                <MultiSelect label="Only these actions" placeholder="Every action the owner may take" searchable data={actionOptions} nothingFoundMessage="No such action" {...form.getInputProps('actions')} />
                <MultiSelect label="Only these datastores" description="Platform actions (users, teams, tokens, audit…) then only when named above" placeholder="Every datastore the owner reaches" searchable data={datastoreOptions} nothingFoundMessage="No datastore" {...form.getInputProps('datastoreIds')} />
                <TagsInput label="Only from these networks" description="IPv4 or IPv6 addresses or CIDRs, e.g. 10.20.0.0/16; press Enter after each" placeholder="Any network" {...form.getInputProps('cidrs')} />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        {error !== null && <ProblemAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={busy}>Generate token</Button>
        </Group>
      </Stack>
    </form>
  );
}
