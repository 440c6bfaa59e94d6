// The audit log's proof: check its hash chain on the server (GET /api/audit-events/verify) and
// download it whole as NDJSON for a SIEM or an auditor (GET /api/audit-events/export).
import { useMutation } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';
import { api, call } from '../api/client.ts';
import { formatDateTime } from '../common/format.ts';
import { ProblemAlert } from '../common/ui.tsx';

export function ChainCheck() {
  const verify = useMutation({ mutationFn: () => call(api.GET('/api/audit-events/verify')) });
  const report = verify.data;
  return (
    <Card withBorder padding="md" mb="lg" component="section" aria-labelledby="chain-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="chain-title">Tamper evidence</Title>
          <Group gap="sm">
            <Anchor href="/api/audit-events/export" download="warden-audit.ndjson" size="sm">Download the log (NDJSON)</Anchor>
            <Button variant="light" leftSection={<IconShieldCheck size={16} aria-hidden />} loading={verify.isPending} onClick={() => verify.mutate()}>Verify the chain</Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">Each event carries a hash of its content and of the event before it: an event edited, deleted or inserted in the database breaks the chain. Keep the head hash somewhere else to compare later.</Text>
        {verify.error && <ProblemAlert error={verify.error} />}
        {report && (report.ok ? (
          <Alert color="green" variant="light" title={`Intact: ${report.checked.toLocaleString()} events`} role="status">
            {report.head && <Text size="sm">Head: event {report.head.id}, <Code>{report.head.hash}</Code></Text>}
          </Alert>
        ) : (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={`Broken at event ${report.first_failure?.id}`} role="alert">
            <Text size="sm">{report.first_failure?.detail} ({formatDateTime(report.first_failure?.at)}).</Text>
            <Text size="sm">{report.checked.toLocaleString()} events before it matched{report.head ? `, the last of them event ${report.head.id}` : ''}.</Text>
          </Alert>
        ))}
      </Stack>
    </Card>
  );
}
