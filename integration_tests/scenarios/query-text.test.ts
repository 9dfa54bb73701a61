/**
 * pg_stream 0.1.1 panics on a non-ASCII character that its UNION ALL splitter reads as outside a string (observed
 * O2). The package sends queries without comments and refuses, before any statement, those that would still crash.
 * Here the package's rule is checked against the backend itself on a corpus, and each corpus query is run as a model.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { corpus } from '../fixtures/query-corpus.ts';
import { dbtRunner } from '../harness/dbt.ts';
import { catalogRow, dropSchema, sql } from '../harness/pg.ts';
import { copyIntegrationProject, writeFile } from '../harness/project.ts';
import { withClient } from '../harness/server.ts';

const pg = inject('pg');
const backend = inject('backend');
const PANIC = /is not a char boundary/;

/** What the backend does with each query given to create_stream_table directly: 'crash', 'ok', or another error. */
async function backendVerdicts(schema: string, queries: readonly string[]): Promise<string[]> {
  return await withClient(pg, async (c) => {
    const out: string[] = [];
    for (const [i, q] of queries.entries()) {
      await c.query('begin');
      try {
        await c.query(`select pgstream.create_stream_table($1, $2, '1h', 'FULL')`, [`${schema}.probe_${i}`, q]);
        out.push('ok');
      } catch (e) {
        const msg = (e as Error).message;
        out.push(PANIC.test(msg) ? 'crash' : `error: ${msg.split('\n')[0]}`);
      } finally {
        await c.query('rollback');
      }
    }
    return out;
  });
}

describe.each(inject('dbtMinors'))(`non-ASCII query text on dbt %s (${backend.label})`, (minor) => {
  const schema = `qt_${minor.replace('.', '_')}`;
  const dir = copyIntegrationProject(`query-text-${minor}`);
  const dbt = dbtRunner(minor, dir, schema, pg);
  const queries = corpus.map((c) => c.sql.replaceAll(' S', ` ${schema}.src`));

  beforeAll(async () => {
    await dropSchema(pg, schema);
    await sql(pg, `create schema ${schema}; create table ${schema}.src (id int primary key, v int, name text); insert into ${schema}.src select g, g % 3, 'n' || g from generate_series(1, 5) g`);
    await dbt.ok(['deps']);
    // The package's own rule, and the text it sends, for each corpus query, as JSON on one log line.
    writeFile(dir, 'macros/corpus_verdicts.sql', [
      '{% macro corpus_verdicts(queries) %}',
      '  {%- set out = [] -%}',
      '  {%- for q in queries -%}',
      '    {%- set stripped = dbt_pgstream._pgstream_strip_comments(q).text -%}',
      "    {%- do out.append({'raw': dbt_pgstream._pgstream_splitter_crash(q) is not none, 'stripped': stripped}) -%}",
      '  {%- endfor -%}',
      "  {{ log('VERDICTS:' ~ tojson(out), info=true) }}",
      '{% endmacro %}',
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await dropSchema(pg, schema);
  });

  let packageRule: { raw: boolean; stripped: string }[] = [];

  it(`gives the same verdict as pg_stream on a corpus of ${corpus.length} queries`, async () => {
    const r = await dbt.ok(['run-operation', 'corpus_verdicts', '--args', JSON.stringify({ queries })]);
    const line = r.output.split('\n').find((l) => l.includes('VERDICTS:'));
    packageRule = JSON.parse(line?.slice(line.indexOf('VERDICTS:') + 9) ?? '[]') as typeof packageRule;
    const got = await backendVerdicts(schema, queries);
    // every corpus query either works or crashes: no other error hides a verdict
    expect(got.filter((v) => v.startsWith('error')), 'queries that failed for another reason').toEqual([]);
    const predicted = packageRule.map((p) => (p.raw ? 'crash' : 'ok'));
    expect(corpus.map((c, i) => `${c.name}: ${predicted[i]}`)).toEqual(corpus.map((c, i) => `${c.name}: ${got[i]}`));
    expect(got.filter((v) => v === 'crash').length).toBeGreaterThanOrEqual(10);
    expect(got.filter((v) => v === 'ok').length).toBeGreaterThanOrEqual(10);
  });

  it('builds each corpus query as a model, or refuses it before any statement with one line naming model, character, line and column', async () => {
    expect(packageRule).toHaveLength(corpus.length);
    // What the backend does with the text the package sends (comments removed).
    const sent = await backendVerdicts(schema, packageRule.map((p) => p.stripped));
    for (const [i, q] of queries.entries()) writeFile(dir, `models/corpus/corpus_${i}.sql`, `{{ config(materialized='stream_table', schedule='1h') }}\n${q}\n`);
    const r = await dbt.run(['run', '--select', 'path:models/corpus']);
    expect(r.output).not.toMatch(PANIC);
    expect(r.output).not.toMatch(/backtrace|panicked/i);
    for (const [i, c] of corpus.entries()) {
      const result = r.results.find((x) => x.unique_id.endsWith(`.corpus_${i}`));
      if (sent[i] === 'crash') {
        expect(result?.status, c.name).toBe('error');
        expect(result?.message, c.name).toMatch(new RegExp(`\\n  dbt-pgstream: model 'corpus_${i}': pg_stream 0\\.1\\.1 crashes \\(a Rust panic\\) on the non-ASCII character '.+' at line \\d+, column \\d+ of the compiled SQL: [^\\n]*Nothing was sent to the database\\.\\n`, 'u'));
        expect(await catalogRow(pg, schema, `corpus_${i}`), c.name).toBeUndefined();
      } else {
        expect(result?.status, `${c.name}: ${result?.message}`).toBe('success');
        expect(await catalogRow(pg, schema, `corpus_${i}`), c.name).toMatchObject({ status: 'ACTIVE', is_populated: true });
      }
    }
    // comments are what made most of the crashing corpus crash: without them, most of it builds
    expect(sent.filter((v) => v === 'ok').length).toBeGreaterThan(packageRule.filter((p) => !p.raw).length);
    const dollar = corpus.findIndex((c) => c.name === 'dollar quote with an apostrophe, then a non-ASCII literal');
    expect(r.results.find((x) => x.unique_id.endsWith(`.corpus_${dollar}`))?.message).toContain("character 'é' at line 2, column 33 of the compiled SQL");
    const zurich = corpus.findIndex((c) => c.name === 'non-ASCII in a WHERE literal');
    expect(sent[zurich]).toBe('crash');
    expect(r.results.find((x) => x.unique_id.endsWith(`.corpus_${zurich}`))?.message).toContain("character 'ü' at line 2, column");
    expect(r.results.find((x) => x.unique_id.endsWith(`.corpus_${zurich}`))?.message).toContain("(U&'\\00FC' in a string, U&\"\\00FC\" in an identifier)");
    // a re-run of the models that built is a no-op: the stored query is the text without comments
    const again = await dbt.run(['run', '--select', 'path:models/corpus']);
    const built = again.results.filter((x) => x.unique_id.startsWith('model.') && x.status === 'success');
    expect(built.length).toBe(sent.filter((v) => v === 'ok').length);
    expect(again.output.match(/left unchanged stream table/g)).toHaveLength(built.length);
  });
});
