// Small pieces every page uses: headers, loading/error/empty states, problem alerts, badges, links.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ActionIcon, Alert, Anchor, Badge, Button, Center, Code, CopyButton, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconInbox } from '@tabler/icons-react';
import { isApiError } from '../api/client.ts';
import type { Role, TokenStatus, UserSummary } from '../api/types.ts';
import { ROLE_LABEL, formatDateTime, formatRelative } from './format.ts';

export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap" gap="sm">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Title order={1} size="h2">{title}</Title>
        {description && <Text c="dimmed" size="sm">{description}</Text>}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text size="sm" c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

/** The server's problem (detail, and per-field errors it did not attach to a field). */
export function ProblemAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const fieldErrors = isApiError(error) ? (error.problem?.errors ?? []) : [];
  const heading = title ?? (isApiError(error) ? (error.problem?.title ?? 'Request failed') : 'Something went wrong');
  return (
    <Alert color="red" variant="light" title={heading} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Stack gap={6}>
        <Text size="sm">{message}</Text>
        {fieldErrors.length > 1 && (
          <ul style={{ margin: 0, paddingLeft: '1.2rem' }}>
            {fieldErrors.map((e) => <li key={e.path}><Text size="sm" span><code>{e.path}</code>: {e.message}</Text></li>)}
          </ul>
        )}
        {isApiError(error) && error.problem?.request_id && <Text size="xs" c="dimmed">Request id {error.problem.request_id}</Text>}
        {onRetry && <Group><Button size="xs" variant="light" color="red" onClick={onRetry}>Try again</Button></Group>}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap={6} py="xl" px="md" ta="center">
      <IconInbox size={32} stroke={1.5} aria-hidden style={{ opacity: 0.6 }} />
      <Text fw={600}>{title}</Text>
      {children && <Text size="sm" c="dimmed" maw={440}>{children}</Text>}
    </Stack>
  );
}

const ROLE_COLOR = { member: 'gray', manager: 'violet', admin: 'red' } as const;

export function RoleBadge({ role }: { role: Role }) {
  return <Badge color={ROLE_COLOR[role]} variant="light">{ROLE_LABEL[role]}</Badge>;
}

export function ActiveBadge({ active }: { active: boolean }) {
  return active ? <Badge color="green" variant="light">Active</Badge> : <Badge color="gray" variant="outline">Deactivated</Badge>;
}

const STATUS = { active: ['green', 'Active'], revoked: ['orange', 'Revoked'], expired: ['red', 'Expired'] } as const;

export function TokenStatusBadge({ status }: { status: TokenStatus }) {
  const [color, label] = STATUS[status];
  return <Badge color={color} variant="light">{label}</Badge>;
}

export function UserLink({ user, fallback = 'System' }: { user: UserSummary | null | undefined | 'system' | 'directory'; fallback?: string }) {
  if (user === 'directory') return <Text span size="sm" c="dimmed">Directory</Text>;
  if (!user || user === 'system') return <Text span size="sm" c="dimmed">{fallback}</Text>;
  return <Anchor component={Link} to={`/users/${user.id}`} size="sm">{user.name}</Anchor>;
}

/** A time with its exact value on hover: "3 minutes ago" (a title, not a Tooltip: lists have hundreds). */
export function TimeAgo({ iso, empty = '—' }: { iso: string | null | undefined; empty?: string }) {
  if (!iso) return <Text span size="sm" c="dimmed">{empty}</Text>;
  return <Text span size="sm"><time dateTime={iso} title={formatDateTime(iso)}>{formatRelative(iso)}</time></Text>;
}

/**
 * An id people paste elsewhere (a proxy recipe, a pipeline's configuration): shown, and copied by
 * one click. `what` names it for screen readers ("datastore Orders").
 */
export function CopyableId({ id, what }: { id: number | string; what: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Code>{id}</Code>
      <CopyButton value={String(id)} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy id'} withArrow>
            <ActionIcon variant="subtle" color={copied ? 'green' : 'gray'} size="sm" onClick={copy} aria-label={copied ? `Copied id of ${what}` : `Copy id of ${what}`}>
              {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/**
 * A name that may be long: cut with an ellipsis to its column instead of widening the table, the
 * whole name in a title (hover) and, when it is focusable, as its accessible name (focus).
 */
export function TruncatedName({ name, maxWidth = 280, fw }: { name: string; maxWidth?: number | string; fw?: number }) {
  return <Text size="sm" fw={fw} className="warden-truncate" title={name} maw={maxWidth} data-full-name={name}>{name}</Text>;
}
