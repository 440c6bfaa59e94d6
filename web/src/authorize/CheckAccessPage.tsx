// Check access: may this user take this action (on this datastore)? The answer is the server's
// own decision (POST /api/authorize), with its reason and the team that grants the level.
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Card, Code, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { ACTIONS, ACTION_NAMES, type ActionName } from '@access';
import { api, call } from '../api/client.ts';
import type { Decision, UserSummary } from '../api/types.ts';
import { ROLE_LABEL, capitalize } from '../common/format.ts';
import { UserPicker, useDatastoreOptions } from '../common/pickers.tsx';
import { PageHeader, ProblemAlert } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';

const REASON_TEXT: Record<Decision['reason'], string> = {
  admin: 'Admins may take every action (admin bypass).',
  role: 'The role includes this platform action.',
  team: 'A team holding both the user and the datastore grants a high enough level.',
  inactive: 'The user is deactivated: a deactivated user may do nothing.',
  insufficient_role: 'The role does not include this action.',
  personal_accounts_only: 'Only personal accounts may take this action.',
  no_team: 'No team of the user holds this datastore.',
  insufficient_level: 'The user reaches the datastore, but the level is too low for this action.',
  admin_only: 'Only Admins may take this action.',
  datastore_required: 'This action needs a datastore.',
};

function minimumOf(action: ActionName): string {
  const spec = ACTIONS[action];
  if (spec.kind === 'platform') return `role ${ROLE_LABEL[spec.minRole]} or higher`;
  if (spec.minLevel === null) return 'Admin only';
  return `level ${spec.minLevel} or higher${'minRole' in spec && spec.minRole ? ` and role ${ROLE_LABEL[spec.minRole]}` : ''}`;
}

function DecisionCard({ decision }: { decision: Decision }) {
  const Icon = decision.allowed ? IconCircleCheck : IconCircleX;
  return (
    <Alert color={decision.allowed ? 'green' : 'red'} variant="light" icon={<Icon aria-hidden />} role="status" aria-live="polite"
      title={<Text fw={700} size="lg" data-testid="decision">{decision.allowed ? 'Allowed' : 'Denied'}</Text>}>
      <Stack gap={6}>
        <Text size="sm">{REASON_TEXT[decision.reason]} <Code>{decision.reason}</Code></Text>
        <Group gap="lg" wrap="wrap">
          <Text size="sm"><strong>User:</strong> <Anchor component={Link} to={`/users/${decision.user.id}`} size="sm" c="inherit" fw={600}>{decision.user.name}</Anchor></Text>
          <Text size="sm"><strong>Role:</strong> {ROLE_LABEL[decision.role]}</Text>
          {decision.datastore_id !== null && <Text size="sm"><strong>Level:</strong> {decision.level ? capitalize(decision.level) : 'none'}</Text>}
          {decision.team && <Text size="sm"><strong>Granted by:</strong> <Anchor component={Link} to={`/teams/${decision.team.id}`} size="sm" c="inherit" fw={600} data-testid="granting-team">{decision.team.name}</Anchor></Text>}
        </Group>
      </Stack>
    </Alert>
  );
}

export default function CheckAccessPage() {
  const { user, can } = useSession();
  const readsUsers = can('users.read');
  const [subject, setSubject] = useState<{ id: number; summary: UserSummary | null }>({ id: user.id, summary: { id: user.id, user_id: user.user_id, name: user.name } });
  const [action, setAction] = useState<ActionName | null>(null);
  const [datastoreId, setDatastoreId] = useState<string | null>(null);
  const datastores = useDatastoreOptions();
  const needsDatastore = action !== null && ACTIONS[action].kind === 'datastore';
  const decide = useMutation({
    mutationFn: () => call(api.POST('/api/authorize', {
      body: {
        action: action!,
        ...(needsDatastore && datastoreId ? { datastore_id: Number(datastoreId) } : {}),
        ...(subject.id !== user.id ? { user_id: subject.id } : {}),
      },
    })),
  });
  const group = (kind: 'platform' | 'datastore') =>
    ACTION_NAMES.filter((a) => ACTIONS[a].kind === kind).map((a) => ({ value: a, label: a }));
  const ready = action !== null && (!needsDatastore || datastoreId !== null);
  return (
    <>
      <PageHeader title="Check access" description="Ask Warden for a decision, exactly as an integration would with POST /api/authorize." />
      <Card withBorder padding="lg" maw={760}>
        <form onSubmit={(e) => { e.preventDefault(); if (ready) decide.mutate(); }}>
          <Stack gap="md">
            {readsUsers ? (
              <UserPicker label="User" activeOnly={false} value={subject.id} initial={subject.summary}
                onChange={(id, summary) => { setSubject(id === null ? { id: user.id, summary: { id: user.id, user_id: user.user_id, name: user.name } } : { id, summary }); decide.reset(); }} />
            ) : (
              <Text size="sm"><strong>User:</strong> you ({user.name}). Only Managers and Admins ask about other users.</Text>
            )}
            <Select label="Action" placeholder="Choose an action of the catalog" searchable required value={action}
              onChange={(v) => { setAction(v as ActionName | null); decide.reset(); }}
              data={[{ group: 'Platform actions', items: group('platform') }, { group: 'Datastore actions', items: group('datastore') }]}
              description={action ? `${ACTIONS[action].description}. Needs ${minimumOf(action)}.` : undefined}
              nothingFoundMessage="No such action" />
            {needsDatastore && (
              <Select label="Datastore" placeholder="Choose a datastore" searchable required value={datastoreId} onChange={(v) => { setDatastoreId(v); decide.reset(); }}
                data={datastores.map((d) => ({ value: String(d.id), label: `${d.name} (${d.kind})` }))} nothingFoundMessage="No datastore you can see" />
            )}
            <Group><Button type="submit" disabled={!ready} loading={decide.isPending}>Check</Button></Group>
            {decide.error && <ProblemAlert error={decide.error} />}
            {decide.data && <DecisionCard decision={decide.data} />}
          </Stack>
        </form>
      </Card>
      <Title order={2} size="h5" mt="lg" mb={4}>How decisions are made</Title>
      <Text size="sm" c="dimmed" maw={760}>
        Admins may do everything. A platform action needs a high enough role. A datastore action needs a high enough level on that datastore,
        which is the highest level among the teams that hold both the user and the datastore (the Public team included). <Badge variant="light" size="sm">Default deny</Badge>
      </Text>
    </>
  );
}
