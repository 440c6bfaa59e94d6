// Rotating a token: a successor with the same owner, name, scope and restrictions is issued, and
// the old one keeps working for an overlap (so the secret can be swapped without downtime), then
// expires. The successor's secret is shown once, like any new token's.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Code, Group, Modal, NumberInput, Select, Stack, Text } from '@mantine/core';
import { api, call } from '../api/client.ts';
import type { Token } from '../api/types.ts';
import { lifetimeLabel } from '../common/format.ts';
import { ProblemAlert } from '../common/ui.tsx';
import { useSession } from '../session/SessionProvider.tsx';
import type { ShownSecret } from './GenerateToken.tsx';

const SAME = 'same';

export function RotateTokenDialog({ token, onClose, onRotated }: { token: Token | null; onClose: () => void; onRotated: (secret: ShownSecret) => void }) {
  return (
    <Modal opened={token !== null} onClose={onClose} title={<Text fw={600}>Rotate “{token?.name}”?</Text>}>
      {token && <RotateForm token={token} onClose={onClose} onRotated={onRotated} />}
    </Modal>
  );
}

function RotateForm({ token, onClose, onRotated }: { token: Token; onClose: () => void; onRotated: (secret: ShownSecret) => void }) {
  const { info } = useSession();
  const queryClient = useQueryClient();
  const [overlap, setOverlap] = useState<number | string>(24);
  const [lifetime, setLifetime] = useState<string>(SAME);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      // A direct call, not a TanStack mutation: the answer carries the successor's secret.
      const { successor } = await call(api.POST('/api/user-tokens/{id}/rotate', {
        params: { path: { id: token.id } },
        body: { overlap_hours: Number(overlap), ...(lifetime === SAME ? {} : { expires_in_days: lifetime === 'never' ? null : Number(lifetime) }) },
      }));
      onRotated({ value: successor.token, name: successor.name, hint: successor.hint, owner: successor.user.name });
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const choices = [{ value: SAME, label: 'Same as the current token' }, ...info.tokens.expiry_choices.map((d) => ({ value: d === null ? 'never' : String(d), label: lifetimeLabel(d) }))];
  return (
    <Stack gap="sm">
      <Text size="sm">
        A new token replaces <Code>{token.hint}</Code>, with the same owner, name and restrictions. The current one keeps working during the overlap,
        so the new secret can be put in place first; then it expires. Nothing is revoked behind your back.
      </Text>
      <NumberInput label="Overlap (hours)" description="How long the current token keeps working; 0 stops it at once (at most 720)" min={0} max={720} allowDecimal={false} value={overlap} onChange={setOverlap} />
      <Select label="Lifetime of the new token" data={choices} value={lifetime} onChange={(v) => setLifetime(v ?? SAME)} allowDeselect={false} />
      {error !== null && <ProblemAlert error={error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>Cancel</Button>
        <Button onClick={() => void rotate()} loading={busy} disabled={overlap === '' || Number(overlap) < 0 || Number(overlap) > 720}>Rotate token</Button>
      </Group>
    </Stack>
  );
}
