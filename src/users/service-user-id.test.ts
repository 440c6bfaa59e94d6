import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceUserIdFor } from './service-user-id.ts';

const cases: [string, string | null][] = [
  ['Pipeline Automation', 'pipeline_automation@service'],
  ['Café  Sync!', 'cafe_sync@service'],
  ['  Alation   Sync  ', 'alation_sync@service'],
  ['PIPELINE AUTOMATION', 'pipeline_automation@service'],
  ['dbt-runner v2.0', 'dbtrunner_v20@service'],
  ['Ångström Ēxport', 'angstrom_export@service'],
  ['tab\tand\nnewline', 'tab_and_newline@service'],
  ['snake_case_name', 'snake_case_name@service'],
  ['数据 pipeline', '_pipeline@service'],
  ['!!! ### $$$', null],
  ['   ', null],
  ['数据', null],
  ['Ⅻ ﬁle', 'xii_file@service'],
  ['_ _', null],
];

for (const [name, expected] of cases) {
  test(`service user id of ${JSON.stringify(name)} is ${expected ?? 'refused'}`, () => {
    assert.equal(serviceUserIdFor(name), expected);
  });
}
