// Generating a token: the form (lifetimes from the server, capped by the instance), and the one
// dialog that ever shows the secret. Once that dialog is closed (confirmed) the secret is wiped
// from the object that held it and leaves React state, the DOM and, never having been put there,
// the query cache.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Code, CopyButton, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { api, call, isApiError } from '../api/client.ts';
import type { UserSummary } from '../api/types.ts';
import { lifetimeLabel } from '../common/format.ts';
import { UserPicker } from '../common/pickers.tsx';
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
  const close = () => {
    setConfirming(false);
    onClosed();
  };
  return (
    <Modal
      opened={shown !== null} onClose={() => setConfirming(true)} closeOnClickOutside={false} size="lg"
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
                <Button onClick={copy} variant={copied ? 'light' : 'filled'} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                  {copied ? 'Copied' : 'Copy token'}
                </Button>
              )}
            </CopyButton>
            {!confirming && <Button variant="default" onClick={() => setConfirming(true)}>Done</Button>}
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

interface GenerateValues {
  name: string;
  expires: string;
  userId: number | null;
  scimOnly: boolean;
}

const NEVER = 'never';

/**
 * The Generate form. `kind` personal issues the caller's own PAT; service issues a token for a
 * service user (chosen here, or `fixedUser`).
 */
export function GenerateTokenDialog({ opened, onClose, kind, fixedUser, onCreated }: {
  opened: boolean; onClose: () => void; kind: 'personal' | 'service'; fixedUser?: UserSummary; onCreated: (secret: ShownSecret) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{kind === 'personal' ? 'Generate a personal access token' : 'Generate a service token'}</Text>} size="md">
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
    initialValues: draft ?? { name: '', expires: preferred, userId: fixedUser?.id ?? null, scimOnly: false },
    validate: {
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
          expires_in_days: values.expires === NEVER ? null : Number(values.expires),
          ...(kind === 'service' ? { user_id: values.userId!, ...(values.scimOnly ? { scim_only: true } : {}) } : {}),
        },
      }));
      onCreated({ value: created.token, name: created.name, hint: created.hint, owner: created.user.name });
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
    } catch (err) {
      if (isApiError(err)) {
        form.setErrors({ name: err.fieldError('name') ?? (err.status === 409 ? err.message : undefined), userId: err.fieldError('user_id') });
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  });

  const options = choices.map((d) => ({ value: d === null ? NEVER : String(d), label: lifetimeLabel(d) }));
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
          <SegmentedControl aria-labelledby="expires-label" data={options} fullWidth {...form.getInputProps('expires')} />
          {info.tokens.max_days !== null && (
            <Text size="xs" c="dimmed">This instance caps tokens at {lifetimeLabel(info.tokens.max_days)}; tokens that never expire are not allowed.</Text>
          )}
        </Stack>
        {kind === 'service' && can('service_tokens.manage') && (
          <Checkbox label="SCIM only" description="The token reaches only the SCIM API (/api/scim/v2), for an identity provider's provisioning" {...form.getInputProps('scimOnly', { type: 'checkbox' })} />
        )}
        {error !== null && <ProblemAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={busy}>Generate token</Button>
        </Group>
      </Stack>
    </form>
  );
}
