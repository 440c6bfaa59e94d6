// A service user's workload identities (issue 20): which external OpenID issuers' identity tokens
// its jobs may exchange at POST /api/oauth/token for a short-lived Warden token. Added from a
// template per platform (the issuer pre-filled, the subject and the claims to pin explained),
// listed with their last use, deleted.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Code, Group, List, Modal, MultiSelect, NumberInput, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ACTIONS, ACTION_NAMES } from '@access';
import { api, call } from '../api/client.ts';
import type { User } from '../api/types.ts';
import type { Schemas } from '@client';
import { EmptyState, Loading, ProblemAlert, TimeAgo } from '../common/ui.tsx';

type WorkloadIdentity = Schemas['WorkloadIdentity'];

interface Template {
  label: string;
  issuer: string;
  subject: string;
  /** What the subject looks like on this platform. */
  subjectHelp: string;
  /** The immutable claim worth pinning, name=value. */
  claims: string;
  claimsHelp: string;
}

export const TEMPLATES: Record<string, Template> = {
  github: {
    label: 'GitHub Actions',
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'repo:OWNER/REPO:ref:refs/heads/main',
    subjectHelp: 'repo:OWNER/REPO:ref:refs/heads/BRANCH, or repo:OWNER/REPO:environment:NAME for a deployment environment. The workflow needs permissions: id-token: write and asks for the audience below.',
    claims: 'repository_id=',
    claimsHelp: 'Pin repository_id (and repository_owner_id): a repository can be renamed or deleted and its name taken by someone else; its id never changes.',
  },
  gitlab: {
    label: 'GitLab CI',
    issuer: 'https://gitlab.com',
    subject: 'project_path:GROUP/PROJECT:ref_type:branch:ref:main',
    subjectHelp: 'project_path:GROUP/PROJECT:ref_type:branch:ref:BRANCH. The job declares id_tokens: with aud set to the audience below. Self-managed GitLab: its own URL as issuer.',
    claims: 'project_id=',
    claimsHelp: 'Pin project_id (and namespace_id): a project path can be renamed and reused; the id stays.',
  },
  kubernetes: {
    label: 'Kubernetes service account',
    issuer: 'https://',
    subject: 'system:serviceaccount:NAMESPACE:NAME',
    subjectHelp: 'system:serviceaccount:NAMESPACE:NAME. The issuer is the cluster\'s service-account issuer (kubectl get --raw /.well-known/openid-configuration); the pod mounts a projected serviceAccountToken with the audience below.',
    claims: 'kubernetes.io.serviceaccount.uid=',
    claimsHelp: 'Pin kubernetes.io.serviceaccount.uid: a service account deleted and created again under the same name gets another uid.',
  },
  azure: {
    label: 'Azure managed identity',
    issuer: 'https://sts.windows.net/TENANT_ID/',
    subject: 'OBJECT_ID',
    subjectHelp: 'The object (principal) id of the managed identity. The issuer ends with a slash; the audience is the Application ID URI the Web activity asks a token for.',
    claims: 'tid=TENANT_ID',
    claimsHelp: 'Pin tid (the tenant): the subject is only unique within it.',
  },
  oidc: {
    label: 'Any OpenID issuer',
    issuer: 'https://',
    subject: '',
    subjectHelp: 'The sub of its tokens, exactly; * stands for one or more characters within one segment (segments end at : and /).',
    claims: '',
    claimsHelp: 'Pin a claim that cannot be renamed or reused (an id rather than a name).',
  },
};

/** `name=value` lines; a value that is a JSON number or boolean stays one only when written json:… */
export function parseClaims(text: string): Record<string, string | number | boolean> | string {
  const out: Record<string, string | number | boolean> = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf('=');
    if (eq < 1) return `"${line}" is not name=value`;
    const value = line.slice(eq + 1).trim();
    if (value === '') return `${line.slice(0, eq)} has no value`;
    if (value.startsWith('json:')) {
      try {
        out[line.slice(0, eq).trim()] = JSON.parse(value.slice(5)) as number | boolean;
      } catch {
        return `${line}: json: needs a number or true/false`;
      }
    } else out[line.slice(0, eq).trim()] = value;
  }
  return out;
}

function AddDialog({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [template, setTemplate] = useState('github');
  const t = TEMPLATES[template];
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState(t.issuer);
  const [audience, setAudience] = useState('warden');
  const [subject, setSubject] = useState(t.subject);
  const [claims, setClaims] = useState(t.claims);
  const [ttl, setTtl] = useState<number | string>(15);
  const [actions, setActions] = useState<string[]>([]);
  const [claimsError, setClaimsError] = useState<string | null>(null);
  const choose = (key: string | null) => {
    if (!key) return;
    const next = TEMPLATES[key];
    setTemplate(key);
    setIssuer(next.issuer);
    setSubject(next.subject);
    setClaims(next.claims);
  };
  const add = useMutation({
    mutationFn: (pinned: Record<string, string | number | boolean>) => call(api.POST('/api/users/{id}/workload-identities', {
      params: { path: { id: String(user.id) } },
      body: { name: name.trim(), issuer: issuer.trim(), audience: audience.trim(), subject: subject.trim(), claims: pinned, token_ttl_minutes: Number(ttl), ...(actions.length ? { restrictions: { actions } } : {}) },
    })),
    onSuccess: (w) => {
      notifications.show({ color: 'green', message: `${user.name} now trusts ${w.name}` });
      void queryClient.invalidateQueries({ queryKey: ['workload-identities', user.id] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      setName('');
      onClose();
    },
  });
  const submit = () => {
    const parsed = parseClaims(claims);
    if (typeof parsed === 'string') return setClaimsError(parsed);
    setClaimsError(null);
    add.mutate(parsed);
  };
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={<Text fw={600}>Add a workload identity</Text>}>
      <form onSubmit={(e) => { e.preventDefault(); if (!add.isPending) submit(); }}>
        <Stack gap="sm">
          <Select label="Platform" data={Object.entries(TEMPLATES).map(([value, x]) => ({ value, label: x.label }))} value={template} onChange={choose} allowDeselect={false} />
          <TextInput label="Name" description="Unique for this service user, e.g. github-main" value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} data-autofocus />
          <TextInput label="Issuer" description="Exactly the iss of its tokens (https)" value={issuer} onChange={(e) => setIssuer(e.currentTarget.value)} required />
          <TextInput label="Audience" description="The tokens' aud must contain it" value={audience} onChange={(e) => setAudience(e.currentTarget.value)} required />
          <TextInput label="Subject" description={t.subjectHelp} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required />
          <Textarea label="Claims to pin" description={<>{t.claimsHelp} One <Code>name=value</Code> a line.</>} value={claims} onChange={(e) => setClaims(e.currentTarget.value)} autosize minRows={2} error={claimsError} />
          <NumberInput label="Token lifetime (minutes)" description="Each Warden token issued lives this long: 5–60" min={5} max={60} value={ttl} onChange={setTtl} />
          <MultiSelect label="Narrow issued tokens to these actions" description="Empty: everything the service user may do" searchable
            data={[{ value: 'read', label: 'read — every action that changes nothing' }, ...ACTION_NAMES.map((a) => ({ value: a, label: `${a} — ${ACTIONS[a].description}` }))]}
            value={actions} onChange={setActions} />
          {add.error && <ProblemAlert error={add.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={add.isPending}>Add</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function WorkloadIdentitiesPanel({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<WorkloadIdentity | null>(null);
  const list = useQuery({
    queryKey: ['workload-identities', user.id],
    queryFn: () => call(api.GET('/api/users/{id}/workload-identities', { params: { path: { id: String(user.id) } } })),
  });
  const remove = useMutation({
    mutationFn: (w: WorkloadIdentity) => call(api.DELETE('/api/users/{id}/workload-identities/{wid}', { params: { path: { id: String(user.id), wid: w.id } } })),
    onSuccess: (_r, w) => {
      notifications.show({ color: 'green', message: `${w.name} deleted: its tokens are no longer exchanged` });
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: ['workload-identities', user.id] });
    },
  });
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        A job on GitHub Actions, GitLab CI, Kubernetes or Azure proves who it is with the identity token its platform gives it, and
        exchanges it at <Code>POST /api/oauth/token</Code> for a Warden token of {user.name} that lives minutes: no secret to store or rotate.
      </Text>
      <Group justify="flex-end">
        {user.active && <Button onClick={() => setAdding(true)}>Add workload identity</Button>}
      </Group>
      {list.isPending ? <Loading /> : list.error ? <ProblemAlert error={list.error} /> : list.data.items.length === 0 ? (
        <EmptyState title="No workload identities">{user.name} trusts no external issuer.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped aria-label={`Workload identities of ${user.name}`}>
            <Table.Thead>
              <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Issuer</Table.Th><Table.Th>Subject</Table.Th><Table.Th>Claims</Table.Th><Table.Th>Lifetime</Table.Th><Table.Th>Last used</Table.Th><Table.Th /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((w) => (
                <Table.Tr key={w.id}>
                  <Table.Td>{w.name}</Table.Td>
                  <Table.Td><Code>{w.issuer}</Code></Table.Td>
                  <Table.Td><Code>{w.subject}</Code></Table.Td>
                  <Table.Td>{Object.entries(w.claims).map(([k, v]) => <Code key={k} display="block">{k}={JSON.stringify(v)}</Code>)}</Table.Td>
                  <Table.Td>{w.token_ttl_minutes} min{w.restrictions?.actions ? `, ${w.restrictions.actions.length} actions` : ''}</Table.Td>
                  <Table.Td><TimeAgo iso={w.last_used_at} empty="Never" /></Table.Td>
                  <Table.Td><Button size="xs" color="red" variant="light" onClick={() => setDeleting(w)} aria-label={`Delete ${w.name}`}>Delete</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddDialog user={user} opened={adding} onClose={() => setAdding(false)} />
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={<Text fw={600}>Delete {deleting?.name}?</Text>}>
        <Stack gap="sm">
          <Alert color="yellow">The next exchange of a token from {deleting?.issuer} for {user.name} is refused. Tokens already issued keep working until they expire (at most {deleting?.token_ttl_minutes} minutes), unless revoked in the Tokens tab.</Alert>
          <List size="sm"><List.Item>Subject: <Code>{deleting?.subject}</Code></List.Item></List>
          {remove.error && <ProblemAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>Cancel</Button>
            <Button color="red" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>Delete</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
