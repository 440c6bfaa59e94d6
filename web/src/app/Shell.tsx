// The frame around every page: header with the account menu, navigation that shows only what the
// person's role may open, and the page itself.
import { Suspense, useEffect, type ReactNode } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { AppShell, Avatar, Badge, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown, IconDatabase, IconHistory, IconHome, IconKey, IconLogout, IconShieldCheck, IconUser, IconUsers, IconUsersGroup,
  IconClipboardCheck, IconWebhook, IconSitemap,
} from '@tabler/icons-react';
import type { PlatformAction } from '../api/types.ts';
import { ROLE_LABEL } from '../common/format.ts';
import { Loading } from '../common/ui.tsx';
import { useSession, type SignedIn } from '../session/SessionProvider.tsx';
import { Logo } from './Logo.tsx';
import { prefetchPages } from './pages.ts';

interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** Shown when the role has any of these (none: everyone). */
  anyOf?: PlatformAction[];
  end?: boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'Overview', icon: <IconHome size={18} aria-hidden />, end: true },
  { to: '/users', label: 'Users', icon: <IconUsers size={18} aria-hidden />, anyOf: ['users.read'] },
  { to: '/tokens', label: 'Access Tokens', icon: <IconKey size={18} aria-hidden />, anyOf: ['personal_tokens.manage', 'service_tokens.manage'] },
  { to: '/teams', label: 'Teams', icon: <IconUsersGroup size={18} aria-hidden />, anyOf: ['teams.read'] },
  { to: '/datastores', label: 'Datastores', icon: <IconDatabase size={18} aria-hidden /> },
  { to: '/reviews', label: 'Reviews', icon: <IconClipboardCheck size={18} aria-hidden />, anyOf: ['users.read'] },
  { to: '/audit', label: 'Audit', icon: <IconHistory size={18} aria-hidden />, anyOf: ['audit.read'] },
  { to: '/directory-mappings', label: 'Directory mappings', icon: <IconSitemap size={18} aria-hidden />, anyOf: ['users.manage'] },
  { to: '/webhooks', label: 'Webhooks', icon: <IconWebhook size={18} aria-hidden />, anyOf: ['settings.manage'] },
  { to: '/check-access', label: 'Check access', icon: <IconShieldCheck size={18} aria-hidden /> },
];

export function visibleNav(session: Pick<SignedIn, 'can'>): NavItem[] {
  return NAV.filter((item) => !item.anyOf || item.anyOf.some((a) => session.can(a)));
}

function AccountMenu() {
  const { user, signOut } = useSession();
  const doSignOut = () => {
    signOut().catch((err: unknown) => notifications.show({ color: 'red', title: 'Could not sign out', message: err instanceof Error ? err.message : String(err) }));
  };
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account: ${user.name}`}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="blue" aria-hidden><IconUser size={18} /></Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" truncate maw={180}>{user.name}</Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Stack gap={0}>
            <Text size="sm" fw={600} c="var(--mantine-color-text)">{user.name}</Text>
            {user.email && <Text size="xs">{user.email}</Text>}
            <Text size="xs">{ROLE_LABEL[user.role]}</Text>
          </Stack>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={RouterLink} to="/tokens" leftSection={<IconKey size={16} aria-hidden />}>My access tokens</Menu.Item>
        <Menu.Item color="red" leftSection={<IconLogout size={16} aria-hidden />} onClick={doSignOut}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Shell() {
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  // A page chosen on a phone closes the menu.
  useEffect(close, [location.pathname, close]);
  useEffect(() => {
    const timer = window.setTimeout(prefetchPages, 400);
    return () => window.clearTimeout(timer);
  }, []);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <UnstyledButton component={RouterLink} to="/">
              <Group gap={8} wrap="nowrap">
                <Logo />
                <Text fw={700} size="lg">Warden</Text>
                <VisuallyHidden>home</VisuallyHidden>
              </Group>
            </UnstyledButton>
            {session.info.sso.development && <Badge color="orange" variant="light" visibleFrom="xs">Development</Badge>}
          </Group>
          <AccountMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          {visibleNav(session).map((item) => (
            <NavLink
              key={item.to} component={RouterLink} to={item.to} end={item.end} label={item.label} leftSection={item.icon}
              active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py={6}>Signed in as {ROLE_LABEL[session.user.role]}</Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
