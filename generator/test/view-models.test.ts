/** Each output family's view model is a pure function of the spec; checked on the small self-contained spec. */
import { describe, expect, it } from 'vitest';
import { buildApiView } from '../src/model/api-model.ts';
import { buildChangelogModel } from '../src/model/changelog-model.ts';
import { buildConfigView } from '../src/model/config-model.ts';
import { buildDocsView } from '../src/model/docs-model.ts';
import { buildEmulatorModel, emulatorSourceNames } from '../src/model/emulator-model.ts';
import { buildMaterializationView } from '../src/model/materialization-model.ts';
import { smallSpec } from './fixtures/small-spec.ts';

describe('view models', () => {
  const config = buildConfigView(smallSpec);
  const api = buildApiView(smallSpec);

  it('config: each key carries its kind and, for enums, the allowed values and aliases (the template writes the call)', () => {
    const data = Object.fromEntries(config.configKeys.map((k) => [k.name, [k.kind, k.allowed, k.aliases, k.rejected]]));
    expect(data).toEqual({
      schedule: ['schedule', [], undefined, undefined],
      refresh_mode: ['enum', ['AUTO', 'FULL', 'DIFFERENTIAL'], { INCREMENTAL: 'DIFFERENTIAL' }, undefined],
      initialize: ['boolean', [], undefined, undefined],
      max_joins: ['integer', [], undefined, undefined],
      max_delta: ['number', [], undefined, undefined],
      partition: ['text', [], undefined, undefined],
      tier: ['enum', ['hot', 'cold'], undefined, undefined],
      allow_cron_schedule: ['boolean', [], undefined, undefined],
      swap_on_replace: ['boolean', [], undefined, undefined],
    });
    const range = (name: string) => config.configKeys.find((k) => k.name === name)?.range;
    expect([range('max_joins'), range('max_delta'), range('schedule')]).toEqual([
      { min: '1', max: '16', minExclusive: false },
      { min: '0', max: '1', minExclusive: false },
      undefined,
    ]);
    expect(config.configKeys.find((k) => k.name === 'max_joins')?.allowedText).toBe('a whole number from 1 to 16 (not a string), or none');
    expect(config.alterKeys.map((k) => k.name)).toEqual(['schedule', 'refresh_mode', 'tier']);
    // compared with the catalog on every run: the alter keys and the replace keys
    expect(config.comparedKeys.map((k) => [k.name, k.replaceAlways])).toEqual([
      ['schedule', false],
      ['refresh_mode', false],
      ['partition', true],
      ['tier', false],
    ]);
    expect(config.configKeys.find((k) => k.name === 'refresh_mode')?.satisfiedBy).toEqual({ AUTO: ['FULL', 'DIFFERENTIAL'] });
    // an enum stored in lower case folds input to lower case
    expect(config.configKeys.find((k) => k.name === 'tier')?.foldCase).toBe('lower');
    expect(config.durationPattern).toBe('^([0-9]+|([0-9]+[sm])+)$');
    expect(config.configKeys.find((k) => k.name === 'refresh_mode')?.allowedText).toBe(
      "'AUTO', 'FULL', 'DIFFERENTIAL' (case-insensitive; 'INCREMENTAL' means 'DIFFERENTIAL')",
    );
    expect(config.configKeys.find((k) => k.name === 'refresh_mode')?.foldCase).toBe('upper');
  });

  it('config: an enum whose input is case-sensitive is neither folded nor documented as case-insensitive', () => {
    const spec = { ...smallSpec, enums: smallSpec.enums.map((e) => (e.name === 'refresh_mode' ? { ...e, caseInsensitiveInput: false } : e)) };
    const key = buildConfigView(spec).configKeys.find((k) => k.name === 'refresh_mode');
    expect([key?.foldCase, key?.allowedText]).toEqual([undefined, "'AUTO', 'FULL', 'DIFFERENTIAL' ('INCREMENTAL' means 'DIFFERENTIAL')"]);
  });

  it('api: a wrapper pair per function, the lifecycle by role, and the executor logs the name argument', () => {
    expect(api.wrappers.map((w) => [w.sql.name, w.executor.name, w.logArgument])).toContainEqual(['get_remove_view_sql', 'ivm_remove_view', 'name']);
    expect(api.lifecycle.refresh.functionName).toBe('refresh_view');
    const kinds = api.wrappers.map((w) => [w.sql.name, w.returnsValue, w.returnsRows]);
    expect(kinds).toContainEqual(['get_view_status_sql', false, true]);
    expect(kinds).toContainEqual(['get_lag_sql', true, false]);
    expect(kinds).toContainEqual(['get_remove_view_sql', false, false]);
    expect(api.lifecycle.catalog).toBe('ivm_views');
    expect(api.macroFolders.map((f) => f.folder)).toEqual(['api']);
  });

  it('materialization: every create argument is fed by the name, the query or a config key', () => {
    const view = buildMaterializationView(smallSpec, config, api);
    expect(view.createArgs.map((a) => [a.name, a.isName ? 'name' : a.isQuery ? 'query' : a.configKey])).toEqual([
      ['name', 'name'],
      ['query', 'query'],
      ['schedule', 'schedule'],
      ['refresh_mode', 'refresh_mode'],
      ['initialize', 'initialize'],
      ['max_joins', 'max_joins'],
      ['max_delta', 'max_delta'],
      ['partition', 'partition'],
    ]);
    expect(view.describeColumns).toEqual(['view_id', 'status', 'is_populated', 'schedule', 'refresh_mode', 'partition_key', 'tier']);
    expect(view.statusKey).toBeUndefined();
    // a key only alter takes is set right after a create
    expect(view.postCreateKeys).toEqual([{ name: 'tier', isStatus: false }]);
  });

  it('docs: the tested dbt versions come from the CI set of the pins', () => {
    const docs = buildDocsView(smallSpec, {
      default: '1.9',
      ci: ['1.7', '1.9'],
      pins: [
        { minor: '1.7', packages: { 'dbt-core': '1.7.1', 'dbt-postgres': '1.7.2' }, why: '' },
        { minor: '1.9', packages: { 'dbt-core': '1.9.0', 'dbt-postgres': '1.9.1' }, why: '' },
      ],
    });
    expect(docs.testedDbtVersions).toEqual([
      { minor: '1.7', core: '1.7.1', postgres: '1.7.2', isDefault: false },
      { minor: '1.9', core: '1.9.0', postgres: '1.9.1', isDefault: true },
    ]);
  });

  it('emulator: one body file per function, in spec order', () => {
    expect(emulatorSourceNames(smallSpec)).toEqual(['internals.sql', ...smallSpec.functions.map((f) => `functions/${f.name}.sql`), 'event-triggers.sql']);
    expect(buildEmulatorModel(smallSpec).tables.map((t) => t.name)).toEqual(['ivm_views', 'ivm_sources', 'ivm_capture']);
  });

  it('changelog: categories in order, fragments by name, releases newest first, nothing added', () => {
    const model = buildChangelogModel({
      'unreleased/fixed/02-b.md': '- B\n',
      'unreleased/fixed/01-a.md': '- A\n',
      'unreleased/added/01-c.md': '- C\n',
      'released/0.2.0.md': '## [0.2.0]\n',
      'released/0.10.0.md': '## [0.10.0]\n',
    });
    expect(model).toEqual({
      unreleased: [
        { title: 'Added', entries: ['- C'] },
        { title: 'Fixed', entries: ['- A', '- B'] },
      ],
      released: ['## [0.10.0]', '## [0.2.0]'],
    });
  });
});
