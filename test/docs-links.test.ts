// Every relative link in the README and the docs/ pages leads somewhere: the file exists, and a
// `#anchor` names a heading of the target (issue 19 §6: "no reference to a file the repository does
// not have"). Anchors follow GitHub's rule for heading ids: the heading's text, lowercased, with
// everything but letters, digits, spaces, '-' and '_' dropped and spaces turned into '-'; a repeated
// heading gets -1, -2, ….
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

const root = path.join(import.meta.dirname, '..');

/** The text GitHub shows for a heading: inline code, emphasis and link targets removed. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .replace(/(^|\s)_+|_+(\s|$)/g, '$1$2')
    .trim();
}

export function githubSlug(heading: string): string {
  return headingText(heading).toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, '').replace(/ /g, '-');
}

/** The lines of a Markdown text outside fenced code blocks (``` or ~~~), with their numbers. */
function proseLines(markdown: string): { line: string; number: number }[] {
  const out: { line: string; number: number }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((line, i) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m) {
      if (fence === null) fence = m[1];
      else if (m[1].startsWith(fence)) fence = null;
      return;
    }
    if (fence === null) out.push({ line, number: i + 1 });
  });
  return out;
}

/** The anchors a Markdown page has: its headings' slugs (numbered when repeated) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line } of proseLines(markdown)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const slug = githubSlug(h[1]);
      const n = seen.get(slug) ?? 0;
      anchors.add(n === 0 ? slug : `${slug}-${n}`);
      seen.set(slug, n + 1);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

/** Every link target in a Markdown text outside code: inline links, images and reference definitions. */
export function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  for (const { line, number } of proseLines(markdown)) {
    const prose = line.replace(/(`+)[\s\S]*?\1/g, '');  // inline code spans are not links
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: m[1], line: number });
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(prose);
    if (def) links.push({ target: def[1], line: number });
  }
  return links;
}

/**
 * The broken relative links of the Markdown file `file` (a path from the repository root) whose text
 * is `markdown`; `read` gives another file's text (null when it does not exist), `isDirectory` says
 * whether a path is a directory.
 */
export function brokenLinks(
  file: string,
  markdown: string,
  read: (relative: string) => string | null,
  isDirectory: (relative: string) => boolean,
): string[] {
  const broken: string[] = [];
  for (const { target, line } of linksOf(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;  // http:, https:, mailto:: not files
    const [rawPath, anchor] = target.split('#', 2) as [string, string | undefined];
    const filePath = decodeURIComponent(rawPath);
    const targetFile = filePath === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), filePath));
    const where = `${file}:${line}: ${target}`;
    if (targetFile.startsWith('../') || path.posix.isAbsolute(targetFile)) { broken.push(`${where} (outside the repository)`); continue; }
    if (isDirectory(targetFile)) {
      if (anchor !== undefined) broken.push(`${where} (an anchor on a directory)`);
      continue;
    }
    const text = targetFile === file ? markdown : read(targetFile);
    if (text === null) { broken.push(`${where} (no such file: ${targetFile})`); continue; }
    if (anchor !== undefined && targetFile.endsWith('.md') && !anchorsOf(text).has(decodeURIComponent(anchor))) {
      broken.push(`${where} (no heading "#${anchor}" in ${targetFile})`);
    }
  }
  return broken;
}

function readFromRepository(relative: string): string | null {
  const full = path.join(root, relative);
  return fs.existsSync(full) && fs.statSync(full).isFile() ? fs.readFileSync(full, 'utf8') : null;
}

function isRepositoryDirectory(relative: string): boolean {
  const full = path.join(root, relative);
  return fs.existsSync(full) && fs.statSync(full).isDirectory();
}

/** README.md, CHANGELOG.md, every docs/*.md and every README under deploy/ and bench/. */
function documentationFiles(): string[] {
  const files = ['README.md', 'CHANGELOG.md'];
  for (const f of fs.readdirSync(path.join(root, 'docs'))) if (f.endsWith('.md')) files.push(`docs/${f}`);
  for (const dir of ['deploy', 'bench']) {
    for (const f of fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (/(^|\/)README[^/]*\.md$/i.test(f)) files.push(`${dir}/${f}`);
    }
  }
  return files;
}

describe('documentation links', () => {
  for (const file of documentationFiles()) {
    test(`every relative link in ${file} resolves to a file and heading of the repository`, () => {
      const text = readFromRepository(file);
      assert.ok(text !== null);
      assert.deepEqual(brokenLinks(file, text, readFromRepository, isRepositoryDirectory), []);
    });
  }

  test('the README links to the docs pages and the screenshot (so the link check has something to check)', () => {
    const targets = linksOf(readFromRepository('README.md') ?? '').map((l) => l.target);
    for (const page of ['docs/configuration.md', 'docs/operations.md', 'docs/access-model.md', 'docs/tokens.md', 'docs/governance.md',
      'docs/sso-and-scim.md', 'docs/api.md', 'docs/deploy.md', 'docs/forward-auth.md', 'docs/cli.md', 'docs/console.md',
      'docs/development.md', 'docs/screenshots/overview.png']) {
      assert.ok(targets.includes(page), `README.md links to ${page}`);
    }
  });
});

describe('the link check itself', () => {
  const files: Record<string, string> = {
    'docs/a.md': '# Page A\n\n## Behind a reverse proxy: which address Warden believes\n\n## Upgrading from 0.1\n\n## Notes\n\n## Notes\n',
    'docs/img.png': '',
  };
  const read = (f: string) => files[f] ?? null;
  const isDirectory = (f: string) => f === 'docs';

  test('GitHub slugs: lowercase, punctuation dropped except - and _, spaces to -', () => {
    assert.equal(githubSlug('Behind a reverse proxy: which address Warden believes'), 'behind-a-reverse-proxy-which-address-warden-believes');
    assert.equal(githubSlug('Upgrading from 0.1'), 'upgrading-from-01');
    assert.equal(githubSlug('Directory sync (SCIM 2.0): Okta and Microsoft Entra ID'), 'directory-sync-scim-20-okta-and-microsoft-entra-id');
    assert.equal(githubSlug('Serving (`src/console/`)'), 'serving-srcconsole');
    assert.equal(githubSlug('The `warden` CLI'), 'the-warden-cli');
    assert.equal(githubSlug('Teams, datastores and decisions'), 'teams-datastores-and-decisions');
    assert.equal(githubSlug('snake_case stays'), 'snake_case-stays');
  });

  test('accepts links that resolve', () => {
    const md = [
      'See [a](a.md), [its section](a.md#upgrading-from-01), [the second Notes](a.md#notes-1),',
      '[here](#local), ![img](img.png), [the folder](../docs), <https://example.com>, [web](https://example.com/x.md#y).',
      '',
      '## Local',
      '',
      '[ref]: a.md#behind-a-reverse-proxy-which-address-warden-believes',
    ].join('\n');
    assert.deepEqual(brokenLinks('docs/b.md', md, read, isDirectory), []);
  });

  test('fails on a missing file, a missing heading, a missing local anchor and a path outside the repository', () => {
    const md = [
      'The contract: [spec](../../shared/spec/access-model.md).',
      'Gone: [old](operations.md), [wrong anchor](a.md#upgrading-from-0-1), [here](#nowhere).',
      '```sh',
      'echo [not a link](nowhere.md)   # inside a code block: ignored',
      '```',
      'Inline code is not a link: `[x](nowhere.md)`.',
      '[ref]: missing.md',
    ].join('\n');
    assert.deepEqual(brokenLinks('docs/b.md', md, read, isDirectory), [
      'docs/b.md:1: ../../shared/spec/access-model.md (outside the repository)',
      'docs/b.md:2: operations.md (no such file: docs/operations.md)',
      'docs/b.md:2: a.md#upgrading-from-0-1 (no heading "#upgrading-from-0-1" in docs/a.md)',
      'docs/b.md:2: #nowhere (no heading "#nowhere" in docs/b.md)',
      'docs/b.md:7: missing.md (no such file: docs/missing.md)',
    ]);
  });
});
