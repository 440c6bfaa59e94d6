// A page the person's role does not reach: say so plainly (the server would refuse it anyway).
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ACTIONS } from '@access';
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { PlatformAction } from '../api/types.ts';
import { ROLE_LABEL } from '../common/format.ts';
import { useSession } from './SessionProvider.tsx';

export function NotAllowedPage({ action }: { action: PlatformAction }) {
  const { user } = useSession();
  return (
    <Paper withBorder p="xl" radius="md" maw={560} mx="auto" mt="xl">
      <Stack gap="md" align="flex-start">
        <IconLock size={32} aria-hidden />
        <Title order={1} size="h2">Not allowed</Title>
        <Text>
          This page needs <strong>{ACTIONS[action].description.toLowerCase()}</strong> (<code>{action}</code>), which your role,{' '}
          <strong>{ROLE_LABEL[user.role]}</strong>, does not include.
        </Text>
        <Text size="sm" c="dimmed">Roles are changed by an Admin. If you need this, ask one of them.</Text>
        <Button component={Link} to="/" variant="light">Back to the overview</Button>
      </Stack>
    </Paper>
  );
}

/** Renders the page only when the role has the action; otherwise the "not allowed" page. */
export function RequireAction({ action, children }: { action: PlatformAction; children: ReactNode }) {
  const { can } = useSession();
  return can(action) ? children : <NotAllowedPage action={action} />;
}
