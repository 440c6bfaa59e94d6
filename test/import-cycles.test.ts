// No import cycles, type-only imports included: shared types live below the modules that use
// them (src/http/context.ts below every routes.ts), so any module can be loaded and read on its
// own. dpdm (devDependency) walks every file of src/ and of the console's web/src/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';

const ROOT = path.join(import.meta.dirname, '..');

async function cyclesOf(globs: string[], tsconfig: string): Promise<string[]> {
  const tree = await parseDependencyTree(globs, {
    cwd: ROOT,
    context: ROOT,
    tsconfig: path.join(ROOT, tsconfig), // resolves the console's @client and @access aliases
    transform: false, // false: `import type` counts (a type-only cycle is still a tangle)
    skipDynamicImports: false,
    extensions: ['', '.ts', '.tsx', '.js'],
    js: ['.ts', '.tsx', '.js'],
    include: /./,
    exclude: /node_modules/,
  });
  assert.ok(Object.keys(tree).length > 20, `dpdm found the files of ${globs.join(', ')}`);
  return parseCircular(tree).map((cycle) => [...cycle, cycle[0]].join(' -> '));
}

test('src/ has no import cycle (type-only imports included)', async () => {
  const cycles = await cyclesOf(['src/**/*.ts'], 'tsconfig.json');
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});

test('web/src/ has no import cycle (type-only imports included)', async () => {
  const cycles = await cyclesOf(['web/src/**/*.ts', 'web/src/**/*.tsx'], 'web/tsconfig.json');
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});
