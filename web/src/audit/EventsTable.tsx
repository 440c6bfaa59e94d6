// Audit events as a table, each with its before/after: the audit log, a user's and a team's history.
import { Link } from 'react-router';
import { Anchor, Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { AuditEvent } from '../api/types.ts';
import { formatDateTime } from '../common/format.ts';
import { UserLink } from '../common/ui.tsx';

function targetPath(type: string, id: number | null): string | null {
  if (id === null) return null;
  if (type === 'user') return `/users/${id}`;
  if (type === 'team') return `/teams/${id}`;
  if (type === 'datastore') return `/datastores?focus=${id}`;
  if (type === 'token') return `/audit?target_type=token&target_id=${id}`;
  return null;
}

/** The credential that acted, under the actor: "via token 41 · wdn_pat_AbCd…", "via console session", "system: scheduler". */
export function CredentialNote({ credential }: { credential: AuditEvent['credential'] }) {
  if (!credential) return null;
  const { kind, id, hint } = credential;
  if (kind === 'token' || kind === 'scim') {
    const label = `via ${kind === 'scim' ? 'SCIM token' : 'token'} ${id ?? ''}`;
    return (
      <Text size="xs" c="dimmed" data-credential={kind}>
        {id !== null ? <Anchor component={Link} to={`/audit?credential_token_id=${id}`} size="xs" title="Everything done with this token">{label}</Anchor> : label}
        {hint && <> · <Code fz="xs">{hint}</Code></>}
      </Text>
    );
  }
  if (kind === 'session') return <Text size="xs" c="dimmed" data-credential={kind} title={hint ? `session fingerprint ${hint}` : undefined}>via console session{id !== null ? ` ${id}` : ' (sign-in)'}</Text>;
  if (kind === 'directory') return <Text size="xs" c="dimmed" data-credential={kind}>by the directory{hint ? ` (${hint})` : ''}</Text>;
  return <Text size="xs" c="dimmed" data-credential={kind}>{hint ? `Warden: ${hint}` : 'Warden'}</Text>;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The fields an event changed, each before → after. */
export function ChangesDiff({ changes }: { changes: AuditEvent['changes'] }) {
  const fields = Object.entries(changes);
  if (fields.length === 0) return <Text size="xs" c="dimmed">No field changes recorded</Text>;
  return (
    <Stack gap={2}>
      {fields.map(([field, change]) => (
        <Group key={field} gap={6} wrap="wrap" align="baseline">
          <Text size="xs" fw={600} ff="monospace">{field}</Text>
          {change.before !== null && change.before !== undefined && (
            <>
              <Text size="xs" component="del" c="red" ff="monospace" style={{ overflowWrap: 'anywhere' }} aria-label={`${field} before`}>{show(change.before)}</Text>
              <Text size="xs" aria-hidden>→</Text>
            </>
          )}
          <Text size="xs" component="ins" c="green" ff="monospace" style={{ overflowWrap: 'anywhere', textDecoration: 'none' }} aria-label={`${field} after`}>{show(change.after)}</Text>
        </Group>
      ))}
    </Stack>
  );
}

export function EventsTable({ events, showTarget = true, label = 'Audit events' }: { events: AuditEvent[]; showTarget?: boolean; label?: string }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" aria-label={label} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            {showTarget && <Table.Th>Target</Table.Th>}
            <Table.Th>Changes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => {
            const path = targetPath(e.target_type, e.target_id);
            return (
                <Table.Tr key={e.id} data-event-id={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}><time dateTime={e.at}>{formatDateTime(e.at)}</time></Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      <UserLink user={e.actor} />
                      <CredentialNote credential={e.credential} />
                    </Stack>
                  </Table.Td>
                  <Table.Td><Badge variant="light" color="blue" tt="none">{e.action}</Badge></Table.Td>
                  {showTarget && (
                    <Table.Td>
                      {/* The name beside the id: "token 41 (airflow-prod)". */}
                      {path ? <Anchor component={Link} to={path} size="sm">{e.target_type} {e.target_id}{e.target_name ? ` (${e.target_name})` : ''}</Anchor> : <Text size="sm">{e.target_type}{e.target_id !== null ? ` ${e.target_id}` : ''}{e.target_name ? ` (${e.target_name})` : ''}</Text>}
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Stack gap={4}>
                      <ChangesDiff changes={e.changes} />
                      {e.reason && <Text size="xs">Reason: {e.reason}</Text>}
                      {e.ip && <Text size="xs" c="dimmed">from <Code fz="xs">{e.ip}</Code></Text>}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
