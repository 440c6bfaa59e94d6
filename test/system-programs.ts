// Tests that start a real system program (nginx, Chromium) find it here. On a developer's machine
// without it they skip with a loud notice naming the Debian package; with CI=true they fail, so a
// CI machine that lost a package can never pass by skipping (.ci/run installs them).
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface SystemProgram {
  /** The binary, or null when absent (the test should then skip with `skip`). */
  path: string | null;
  /** The message to pass to test({ skip }) / describe({ skip }) when absent; false when present. */
  skip: string | false;
}

/**
 * Looks for a program; `candidates` are tried first, then PATH. Throws under CI=true when absent.
 * `debianPackage` is what to install.
 */
export function findSystemProgram(name: string, debianPackage: string, candidates: (string | undefined)[] = []): SystemProgram {
  for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return { path: candidate, skip: false };
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return { path: which.stdout.trim(), skip: false };
  const message = `${name} is not installed: these tests start a real ${name}. Install it with \`apt-get install -y ${debianPackage}\` (Debian; .ci/run does this)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
  process.stderr.write(`\n*** SKIPPED: ${message} ***\n\n`);
  return { path: null, skip: `SKIPPED: ${message}` };
}
