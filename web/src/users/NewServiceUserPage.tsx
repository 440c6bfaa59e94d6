// New service user: a wizard. The user id is previewed live by the server's own rule (GET
// /api/users/service-user-id), never recomputed here; then role (least privilege first), teams,
// owner and purpose; then, optionally, its first token.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Code, Group, Loader, MultiSelect, Pill, Radio, Stack, Stepper, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconX } from '@tabler/icons-react';
import { api, call, isApiError } from '../api/client.ts';
import type { Role, User, UserSummary } from '../api/types.ts';
import { ROLE_LABEL, dateToIso, formatDate } from '../common/format.ts';
import { infoQuery } from '../session/SessionProvider.tsx';
import { useDebounced } from '../common/paging.tsx';
import { UserPicker } from '../common/pickers.tsx';
import { PageHeader, ProblemAlert } from '../common/ui.tsx';
import { takeDraft, useDraft } from '../session/drafts.ts';
import { GenerateTokenDialog, SecretDialog, useSecretHolder } from '../tokens/GenerateToken.tsx';
import { ROLE_HINT, roleNeedsReason } from './UserPage.tsx';
import { useTeamOptions } from './UsersPage.tsx';

interface WizardValues {
  name: string;
  role: Role;
  reason: string;
  teamIds: string[];
  ownerId: number | null;
  purpose: string;
  /** yyyy-mm-dd, or '' for the review period from creation. */
  reviewOn: string;
}

const DRAFT = 'service-user.new';

function IdPreview({ name }: { name: string }) {
  const settled = useDebounced(name.trim(), 250);
  const preview = useQuery({
    queryKey: ['service-user-id', settled],
    queryFn: () => call(api.GET('/api/users/service-user-id', { params: { query: { name: settled } } })),
    enabled: settled !== '',
    staleTime: 5_000,
  });
  if (settled === '') return <Text size="sm" c="dimmed">The user id is derived from the name.</Text>;
  if (preview.isPending || settled !== name.trim()) return <Group gap={6}><Loader size="xs" aria-hidden /><Text size="sm" c="dimmed">Checking the user id…</Text></Group>;
  if (preview.error) return <ProblemAlert error={preview.error} />;
  const p = preview.data;
  return (
    <Group gap={6} aria-live="polite" data-testid="user-id-preview">
      {p.available ? <IconCheck size={16} color="var(--mantine-color-green-8)" aria-hidden /> : <IconX size={16} color="var(--mantine-color-red-8)" aria-hidden />}
      <Text size="sm">
        User id: {p.user_id ? <Code>{p.user_id}</Code> : <em>none</em>} {p.available ? '— available' : `— ${p.detail ?? 'not available'}`}
      </Text>
    </Group>
  );
}

function useIdPreview(name: string) {
  const settled = name.trim();
  return useQuery({
    queryKey: ['service-user-id', settled],
    queryFn: () => call(api.GET('/api/users/service-user-id', { params: { query: { name: settled } } })),
    enabled: settled !== '',
    staleTime: 5_000,
  });
}

export function useIdAvailable(name: string): boolean {
  return useIdPreview(name).data?.available === true;
}

/** The first review's date: the one chosen, else the review period from today. */
function firstReviewText(reviewOn: string, periodDays: number | undefined): string {
  if (reviewOn) return formatDate(dateToIso(reviewOn));
  if (periodDays === undefined) return 'The review period after creation';
  return `${formatDate(new Date(Date.now() + periodDays * 86_400_000).toISOString())} (in ${periodDays} days)`;
}

export default function NewServiceUserPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const teams = useTeamOptions();
  const reviewPeriod = useQuery(infoQuery).data?.review_period_days;
  const publicTeam = teams.find((t) => t.is_public);
  const [step, setStep] = useState(0);
  const [owner, setOwner] = useState<UserSummary | null>(null);
  const [draft] = useState(() => takeDraft<WizardValues>(DRAFT));
  const form = useForm<WizardValues>({
    initialValues: { name: '', role: 'member', reason: '', teamIds: [], ownerId: null, purpose: '', reviewOn: '', ...draft },
    validate: {
      name: (v) => (v.trim() === '' ? 'A name is required' : v.length > 255 ? 'At most 255 characters' : null),
      reason: (v, values) => (roleNeedsReason(values.role) && v.trim() === '' ? `Say why this service user needs the ${ROLE_LABEL[values.role]} role` : null),
    },
  });
  useDraft(DRAFT, form.values);
  const available = useIdAvailable(form.values.name);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<User | null>(null);
  const [generating, setGenerating] = useState(false);
  const secret = useSecretHolder();

  const next = () => {
    const fields: (keyof WizardValues)[][] = [['name'], ['reason'], []];
    const invalid = (fields[step] ?? []).some((f) => form.validateField(f).hasError);
    if (!invalid) setStep((s) => s + 1);
  };

  const create = async () => {
    setBusy(true);
    setError(null);
    const v = form.values;
    try {
      const user = await call(api.POST('/api/users', {
        body: {
          name: v.name.trim(), role: v.role, team_ids: v.teamIds.map(Number), owner_id: v.ownerId,
          purpose: v.purpose.trim() || null, reason: v.reason.trim() || null,
          ...(v.reviewOn ? { review_due_at: dateToIso(v.reviewOn) } : {}),
        },
      }));
      setCreated(user);
      setStep(4);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
    } catch (err) {
      setError(err);
      if (isApiError(err)) {
        const nameError = err.fieldError('name') ?? (err.status === 409 ? err.message : undefined);
        form.setErrors({ name: nameError, reason: err.fieldError('reason'), reviewOn: err.fieldError('review_due_at') });
        if (nameError) setStep(0);
        else if (err.fieldError('reason') || err.fieldError('role')) setStep(1);
      }
    } finally {
      setBusy(false);
    }
  };

  const v = form.values;
  const idPreview = useIdPreview(v.name);
  const teamOptions = teams.filter((t) => !t.is_public).map((t) => ({ value: String(t.id), label: `${t.name} (${t.permission})` }));
  return (
    <>
      <PageHeader title="New service user" description="An integration's own account: it never signs in; it uses service tokens an Admin issues." />
      <Card withBorder padding="lg">
        <Stepper active={step} onStepClick={(s) => s < step && !created && setStep(s)} allowNextStepsSelect={false} size="sm">
          <Stepper.Step label="Name" description="And its user id">
            <Stack gap="sm" maw={560}>
              <TextInput label="Name" required maxLength={255} placeholder="Pipeline Automation" data-autofocus {...form.getInputProps('name')} />
              <IdPreview name={v.name} />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Role and teams">
            <Stack gap="md" maw={640}>
              <Radio.Group label="Role" description="Choose the least privilege that lets the integration work" {...form.getInputProps('role')}>
                <Stack gap="xs" mt="xs">
                  {(['member', 'manager', 'admin'] as const).map((r) => (
                    <Radio key={r} value={r} label={`${ROLE_LABEL[r]}${r === 'member' ? ' (recommended)' : ''}`} description={ROLE_HINT[r]} />
                  ))}
                </Stack>
              </Radio.Group>
              {roleNeedsReason(v.role) && (
                <Textarea label="Justification" required description={`Why this integration needs the ${ROLE_LABEL[v.role]} role; kept in the audit log`} autosize minRows={2} maxLength={2000} {...form.getInputProps('reason')} />
              )}
              <Stack gap={6}>
                <MultiSelect label="Teams" description="Every member of a team gets its level on the team's datastores" placeholder="Add teams" searchable data={teamOptions} nothingFoundMessage="No team" {...form.getInputProps('teamIds')} />
                <Group gap={6}><Pill>{publicTeam?.name ?? 'Public'}</Pill><Text size="xs" c="dimmed">always included: every user is in the Public team</Text></Group>
              </Stack>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Owner and purpose">
            <Stack gap="md" maw={560}>
              <UserPicker label="Owner" description="The person answerable for this integration" type="personal" value={v.ownerId} onChange={(id, u) => { form.setFieldValue('ownerId', id); setOwner(u); }} />
              <Textarea label="Purpose" description="What it is for, for whoever reviews it next" autosize minRows={2} maxLength={2000} {...form.getInputProps('purpose')} />
              <TextInput type="date" label="First review" w={220}
                description={`Empty: ${reviewPeriod ?? 'the review period in'} days after creation`} {...form.getInputProps('reviewOn')} />
              <Text size="sm" c="dimmed">
                After each “Mark reviewed” the next review falls due {reviewPeriod ?? 'the review period in'} days later; a service user past its review
                date appears under “Needs attention” and on the Reviews page.
              </Text>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Confirm">
            <Stack gap="md" maw={640}>
              <Table variant="vertical" withTableBorder aria-label="The new service user">
                <Table.Tbody>
                  <Table.Tr><Table.Th w={140}>Name</Table.Th><Table.Td>{v.name}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>User id</Table.Th><Table.Td>{idPreview.data?.user_id ? <Code>{idPreview.data.user_id}</Code> : '—'}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>Owner</Table.Th><Table.Td>{v.ownerId === null ? 'Nobody' : owner && owner.id === v.ownerId ? owner.name : `User ${v.ownerId}`}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>Role</Table.Th><Table.Td>{ROLE_LABEL[v.role]}{v.reason ? ` — ${v.reason}` : ''}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>Teams</Table.Th><Table.Td>{[publicTeam?.name ?? 'Public', ...v.teamIds.map((id) => teams.find((t) => String(t.id) === id)?.name ?? id)].join(', ')}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>Purpose</Table.Th><Table.Td>{v.purpose || '—'}</Table.Td></Table.Tr>
                  <Table.Tr><Table.Th>First review</Table.Th><Table.Td>{firstReviewText(v.reviewOn, reviewPeriod)}</Table.Td></Table.Tr>
                </Table.Tbody>
              </Table>
              {error !== null && <ProblemAlert error={error} />}
            </Stack>
          </Stepper.Step>
          <Stepper.Completed>
            {created && (
              <Stack gap="md" maw={640}>
                <Alert color="green" title={`${created.name} created`} icon={<IconCheck aria-hidden />}>
                  Its user id is <Code>{created.user_id}</Code>. It can do nothing until it has a token.
                </Alert>
                <Group>
                  <Button onClick={() => setGenerating(true)}>Generate token</Button>
                  <Button variant="default" component={Link} to={`/users/${created.id}`}>Open {created.name}</Button>
                </Group>
              </Stack>
            )}
          </Stepper.Completed>
        </Stepper>
        {step < 4 && (
          <Group justify="space-between" mt="xl">
            <Button variant="default" onClick={() => (step === 0 ? void navigate('/users') : setStep(step - 1))}>{step === 0 ? 'Cancel' : 'Back'}</Button>
            {step < 3 ? (
              <Button onClick={next} disabled={step === 0 && !available}>Next</Button>
            ) : (
              <Button onClick={() => void create()} loading={busy}>Create service user</Button>
            )}
          </Group>
        )}
      </Card>
      {created && (
        <>
          <GenerateTokenDialog opened={generating} onClose={() => setGenerating(false)} kind="service" fixedUser={{ id: created.id, user_id: created.user_id, name: created.name }}
            onCreated={(s) => { setGenerating(false); secret.show(s); }} />
          <SecretDialog shown={secret.shown} onClosed={() => { secret.wipe(); void navigate(`/users/${created.id}?tab=tokens`); }} />
        </>
      )}
      <Text size="xs" c="dimmed" mt="md">Service users are listed under <Anchor component={Link} to="/users?type=service" size="xs">Users</Anchor>.</Text>
    </>
  );
}
