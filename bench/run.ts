/**
 * npm run bench [-- --target pgtrickle --sizes 10,100,1000 --threads 1,8 --repeat 3 --dbt 1.12 --features --reader-rows 1000000]
 *
 * --target: the target (spec/index.ts) whose package and extension are measured; default PGSTREAM_TARGET, else the first.
 *
 * What a stream_table model costs dbt and the database, beside view and table models of the same SQL.
 * Wall time per dbt invocation (median and spread over --repeat runs), dbt's fixed start-up cost (a run that
 * selects nothing), dbt's own floor per model (the same models as a one-line materialization that only sends
 * `select 1`, run right after each stream_table no-op so the two are paired), and statements per model counted on the server by pg_stat_statements (top-level
 * statements only, so the extension's internal SQL is not counted; and only those of the role dbt connects as,
 * DBT_ROLE, so neither the harness's reads nor the extension's scheduler, which reads its catalog every second, are
 * counted), split into the extension's catalog reads, its
 * API calls, DDL, dbt's own metadata queries and other. Then a reader's worst wait during a query change of one
 * --reader-rows stream table (0 skips it), with the replace by drop and create (before) and by the swap (after).
 * Writes bench/results/latest.{json,md} (git-ignored).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import type { ConnectionInfo } from '../harness/server.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
// the harness reads the target when its modules load: set it first, then load them
if (process.argv.includes('--target')) process.env.PGSTREAM_TARGET = arg('target', '');
const { dbtRunner } = await import('../harness/dbt.ts');
const { pinFor, readDbtVersions } = await import('../harness/dbt-versions.ts');
const { ROOT } = await import('../harness/paths.ts');
const { PACKAGE_DIR, profileYaml } = await import('../harness/project.ts');
const { startReader } = await import('../harness/reader.ts');
const { startServer, withClient } = await import('../harness/server.ts');
const { selectedTarget } = await import('../harness/target.ts');
const { targetNames } = await import('../harness/catalog.ts');
const target = selectedTarget();
const names = targetNames(target);
const sizes = arg('sizes', '10,100,1000').split(',').map(Number);
const threadsList = arg('threads', '1,8').split(',').map(Number);
const repeat = Number(arg('repeat', '3'));
const minor = arg('dbt', process.env.DBT_VERSION ?? readDbtVersions().default);
const generateRuns = Number(arg('generate-runs', '10'));
/** --features: stream_table models also declare indexes, grants and persist_docs (to show they keep a no-op a no-op). */
const features = process.argv.includes('--features');
/** Rows of the stream table whose query change a reader waits on (0: not measured). */
const readerRows = Number(arg('reader-rows', '1000000'));

type Category = 'catalog' | 'api' | 'ddl' | 'dbt_meta' | 'tx' | 'other';
const CATEGORIES: Category[] = ['catalog', 'api', 'ddl', 'dbt_meta', 'tx', 'other'];

const { apiSchema } = target.extension;
const lifecycleFns = [target.lifecycle.create, target.lifecycle.alter, target.lifecycle.drop, target.lifecycle.refresh, target.lifecycle.resume];
const API_CALL = new RegExp(`\\b${apiSchema}\\.(${lifecycleFns.join('|')})\\b`, 'i');
const CATALOG_READ = new RegExp(`\\b${apiSchema}\\.(${target.catalogRoles.streamTables.relation}|${target.catalogRoles.stats.relation})\\b`, 'i');

function classify(query: string): Category {
  const q = query.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, '').trim();
  if (API_CALL.test(q)) return 'api';
  if (CATALOG_READ.test(q)) return 'catalog';
  if (/^(create|drop|alter|truncate|comment|grant|revoke)\b/i.test(q)) return 'ddl';
  if (/^(begin|commit|rollback|start transaction)\b/i.test(q)) return 'tx';
  if (/pg_advisory_xact_lock/i.test(q)) return 'other'; // the package's DDL lock, one per create/replace
  if (
    /\b(pg_catalog|information_schema|pg_namespace|pg_class|pg_tables|pg_views|pg_matviews|pg_proc|pg_depend|pg_roles|pg_settings|pg_extension|pg_available_extensions)\b/i.test(
      q,
    )
  )
    return 'dbt_meta';
  return 'other';
}

async function resetStats(pg: ConnectionInfo): Promise<void> {
  await withClient(pg, async (c) => {
    await c.query('select pg_stat_statements_reset()');
  });
}

/** The role dbt connects as: a superuser (neither extension grants anything to other roles) of its own. */
const DBT_ROLE = 'dbt_bench';

async function readStats(pg: ConnectionInfo): Promise<Record<Category, number>> {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  await withClient(pg, async (c) => {
    const rows = await c.query<{ query: string; calls: string }>(
      `select query, calls from pg_stat_statements
       where dbid = (select oid from pg_database where datname = current_database())
         and userid = (select oid from pg_roles where rolname = $1) and query not ilike '%pg_stat_statements%'`,
      [DBT_ROLE],
    );
    for (const r of rows.rows) counts[classify(r.query)] += Number(r.calls);
  });
  return counts;
}

interface Sample {
  wallMs: number;
  counts: Record<Category, number>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** A fresh dbt project at dir: project file, the package (local) and a profile reading PG* and DBT_* variables. */
function writeBenchProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), "name: bench\nversion: '1.0'\nconfig-version: 2\nprofile: bench\nmodel-paths: ['models']\n");
  writeFileSync(join(dir, 'packages.yml'), `packages:\n  - local: ${JSON.stringify(PACKAGE_DIR)}\n`);
  writeFileSync(join(dir, 'profiles.yml'), profileYaml('bench', { threads: `"{{ env_var('DBT_THREADS') | as_number }}"` }));
}

function writeProject(dir: string, n: number): void {
  writeBenchProject(dir);
  // dbt's fixed cost per model: a materialization that sends one `select 1` and builds nothing
  mkdirSync(join(dir, 'macros'), { recursive: true });
  writeFileSync(
    join(dir, 'macros', 'bench_floor.sql'),
    "{% materialization bench_floor, default %}\n  {%- call statement('main') -%} select 1 {%- endcall -%}\n  {{ return({'relations': []}) }}\n{% endmaterialization %}\n",
  );
  writeFileSync(join(dir, 'models', 'sources.yml'), 'version: 2\nsources:\n  - name: bench\n    schema: bench_src\n    tables:\n      - name: orders\n');
  for (let i = 0; i < n; i++) {
    // every tenth model's query text (not a comment: the package sends queries without comments) has a version
    const version = i % 10 === 0 ? " and {{ var('bench_query_version', 1) }} > 0" : '';
    writeFileSync(
      join(dir, 'models', `m_${String(i).padStart(4, '0')}.sql`),
      `{{ config(materialized=var('bench_materialized', 'stream_table'), schedule=var('bench_schedule', '1m')${features ? ", indexes=[{'columns': ['customer_id']}], grants={'select': ['public']}, persist_docs={'relation': true, 'columns': true}" : ''}) }}\n` +
        `select customer_id, count(*) as order_count, sum(amount) as total_amount\nfrom {{ source('bench', 'orders') }}\nwhere customer_id % 50 = ${i % 50}${version}\ngroup by customer_id\n`,
    );
  }
}

async function dropBenchSchemas(pg: ConnectionInfo): Promise<void> {
  await withClient(pg, async (c) => {
    await c.query(
      `select ${names.drop}(${names.st.schema} || '.' || ${names.st.name}) from ${names.st.qualified} where ${names.st.schema} like 'bench\\_%' and ${names.st.schema} <> 'bench_src'`,
    );
    for (const s of ['bench_st', 'bench_view', 'bench_table']) await c.query(`drop schema if exists ${s} cascade`);
  });
}

const STEPS = [
  'startup (selects nothing)',
  'stream_table first run',
  'stream_table no-op re-run',
  'floor (select 1 per model)',
  'stream_table config change (all alter)',
  'stream_table query change (10%)',
  'view first run',
  'view re-run',
  'table first run',
  'table re-run',
] as const;
type Step = (typeof STEPS)[number];

async function main(): Promise<void> {
  const server = await startServer({
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.max': '20000', 'pg_stat_statements.track_utility': 'on' },
  });
  const admin = server.connection;
  await withClient(admin, async (c) => {
    const exists = await c.query('select 1 from pg_roles where rolname = $1', [DBT_ROLE]);
    if (exists.rowCount === 0) await c.query(`create role ${DBT_ROLE} login superuser password '${DBT_ROLE}'`);
  });
  // dbt and the bench's own set-up run as DBT_ROLE; only that role's statements are counted, per dbt step.
  const pg: ConnectionInfo = { ...admin, user: DBT_ROLE, password: DBT_ROLE };
  const header = [
    `${target.package.name} benchmark — ${server.provider} PostgreSQL ${server.postgresVersion}; ${server.backend.label}`,
    `dbt-core ${pinFor(minor).packages['dbt-core']} + dbt-postgres ${pinFor(minor).packages['dbt-postgres']}; sizes ${sizes.join(', ')}; threads ${threadsList.join(', ')}; ${repeat} repeat(s)`,
  ];
  console.log(header.join('\n'));
  const results: { n: number; threads: number; step: Step; samples: Sample[] }[] = [];
  const readerWaits: ReaderWait[] = [];
  try {
    await withClient(pg, async (c) => {
      await c.query('create extension if not exists pg_stat_statements');
      await c.query('drop schema if exists bench_src cascade; create schema bench_src');
      await c.query('create table bench_src.orders (id bigint primary key, customer_id int not null, amount numeric(10,2) not null)');
      await c.query('insert into bench_src.orders select g, g % 500, (g % 97) + 0.5 from generate_series(1, 20000) g');
    });
    const dir = join(ROOT, 'bench', '.work', 'project');
    for (const n of sizes) {
      writeProject(dir, n);
      await dbtRunner(minor, dir, 'bench_st', pg).ok(['deps']);
      for (const threads of threadsList) {
        for (let rep = 0; rep < repeat; rep++) {
          await dropBenchSchemas(pg);
          const env = { DBT_THREADS: String(threads) };
          const measure = async (step: Step, schema: string, args: string[]) => {
            await resetStats(pg);
            const t0 = performance.now();
            await dbtRunner(minor, dir, schema, pg).ok(args, env);
            const wallMs = performance.now() - t0;
            const counts = await readStats(pg);
            let row = results.find((r) => r.n === n && r.threads === threads && r.step === step);
            if (!row) {
              row = { n, threads, step, samples: [] };
              results.push(row);
            }
            row.samples.push({ wallMs, counts });
            process.stdout.write(`  N=${n} threads=${threads} rep=${rep + 1} ${step}: ${(wallMs / 1000).toFixed(2)} s\n`);
          };
          // Warm-up (not measured): dbt's full parse after deps or a vars change would otherwise land in 'startup'.
          await dbtRunner(minor, dir, 'bench_st', pg).ok(['parse'], env);
          await measure('startup (selects nothing)', 'bench_st', ['run', '--select', 'tag:selects_nothing']);
          await measure('stream_table first run', 'bench_st', ['run']);
          await measure('stream_table no-op re-run', 'bench_st', ['run']);
          await measure('floor (select 1 per model)', 'bench_floor', ['run', '--vars', '{bench_materialized: bench_floor}']);
          await measure('stream_table config change (all alter)', 'bench_st', ['run', '--vars', '{bench_schedule: 5m}']);
          await measure('stream_table query change (10%)', 'bench_st', ['run', '--vars', '{bench_schedule: 5m, bench_query_version: 2}']);
          await measure('view first run', 'bench_view', ['run', '--vars', '{bench_materialized: view}']);
          await measure('view re-run', 'bench_view', ['run', '--vars', '{bench_materialized: view}']);
          await measure('table first run', 'bench_table', ['run', '--vars', '{bench_materialized: table}']);
          await measure('table re-run', 'bench_table', ['run', '--vars', '{bench_materialized: table}']);
        }
      }
    }
    await dropBenchSchemas(pg);
    if (readerRows > 0) readerWaits.push(...(await measureReaderWait(pg)));
  } finally {
    await server.stop();
  }

  // npm run generate, as a user runs it (npm + tsx + generator), and the generator alone.
  const genTimes: number[] = [];
  for (let i = 0; i < generateRuns; i++) {
    const t0 = performance.now();
    await execa('npm', ['run', '--silent', 'generate', '--', '--quiet'], { cwd: ROOT });
    genTimes.push(performance.now() - t0);
  }

  const startup = (n: number, t: number) =>
    median(results.find((r) => r.n === n && r.threads === t && r.step === 'startup (selects nothing)')?.samples.map((s) => s.wallMs) ?? [0]);
  const rows = results.map((r) => {
    const walls = r.samples.map((s) => s.wallMs);
    const per = (c: Category) => median(r.samples.map((s) => s.counts[c])) / r.n;
    const isStartup = r.step.startsWith('startup');
    return {
      n: r.n,
      threads: r.threads,
      step: r.step,
      wall_s_median: +(median(walls) / 1000).toFixed(2),
      wall_s_spread: `${(Math.min(...walls) / 1000).toFixed(2)}–${(Math.max(...walls) / 1000).toFixed(2)}`,
      per_model_ms: isStartup ? null : +((median(walls) - startup(r.n, r.threads)) / r.n).toFixed(1),
      ...Object.fromEntries(CATEGORIES.map((c) => [`${c}_per_model`, +per(c).toFixed(3)])),
    };
  });
  const find = (n: number, t: number, step: Step) => rows.find((r) => r.n === n && r.threads === t && r.step === step);
  const ratios: Record<string, number | null> = {};
  for (const t of threadsList) {
    for (const n of sizes) {
      const st = find(n, t, 'stream_table no-op re-run');
      const view = find(n, t, 'view re-run');
      ratios[`noop_vs_view_rerun_N${n}_t${t}`] = st && view ? +(st.wall_s_median / view.wall_s_median).toFixed(2) : null;
      // paired: each repeat's no-op divided by the floor run right after it, then the median of those
      const noop = results.find((r) => r.n === n && r.threads === t && r.step === 'stream_table no-op re-run')?.samples ?? [];
      const floor = results.find((r) => r.n === n && r.threads === t && r.step === 'floor (select 1 per model)')?.samples ?? [];
      const paired = noop.flatMap((s, i) => (floor[i] ? [s.wallMs / floor[i].wallMs] : []));
      ratios[`noop_vs_floor_N${n}_t${t}`] = paired.length ? +median(paired).toFixed(2) : null;
    }
    for (const step of ['stream_table first run', 'stream_table no-op re-run'] as const) {
      const a = find(1000, t, step)?.per_model_ms;
      const b = find(100, t, step)?.per_model_ms;
      ratios[`per_model_N1000_over_N100_${step.replace(/\W+/g, '_')}_t${t}`] = a != null && b ? +(a / b).toFixed(2) : null;
    }
  }
  const generate = {
    runs: genTimes.length,
    median_s: +(median(genTimes) / 1000).toFixed(3),
    min_s: +(Math.min(...genTimes) / 1000).toFixed(3),
    max_s: +(Math.max(...genTimes) / 1000).toFixed(3),
  };
  console.log(`\n${header.join('\n')}`);
  console.table(rows);
  console.log('ratios:', ratios);
  const waits = summariseReaderWaits(readerWaits);
  if (waits.length) {
    console.log(`reader during a query change of a ${readerRows}-row stream table (worst wait per run, ms):`);
    console.table(waits);
  }
  console.log('npm run generate:', generate);

  const out = join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const json = { header, minor, sizes, threads: threadsList, repeat, rows, ratios, reader_waits: waits, generate, raw: results, raw_reader: readerWaits };
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  const cols = Object.keys(rows[0] ?? {});
  const md = [
    `# ${target.package.name} benchmark`,
    '',
    ...header.map((h) => `- ${h}`),
    '',
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => String((r as Record<string, unknown>)[c] ?? '')).join(' | ')} |`),
    '',
    '## Ratios',
    '',
    ...Object.entries(ratios).map(([k, v]) => `- ${k}: ${v ?? 'n/a'}`),
    '',
    `## Reader during a query change (${readerRows} rows)`,
    '',
    '| replace | runs | worst wait median (ms) | worst wait max (ms) | reads | errors | build (s, median) |',
    '|---|---|---|---|---|---|---|',
    ...waits.map((w) => `| ${w.replace} | ${w.runs} | ${w.worst_ms_median} | ${w.worst_ms_max} | ${w.reads} | ${w.errors} | ${w.run_s_median} |`),
    '',
    `## npm run generate`,
    '',
    `median ${generate.median_s} s over ${generate.runs} runs (min ${generate.min_s} s, max ${generate.max_s} s)`,
    '',
  ].join('\n');
  writeFileSync(join(out, 'latest.md'), md);
  console.log(`\nwrote ${join('bench', 'results', 'latest.json')} and latest.md`);
}

interface ReaderWait {
  readonly replace: 'drop + create (swap_on_replace=false)' | 'build beside + swap';
  readonly worstMs: number;
  readonly reads: number;
  readonly errors: readonly string[];
  readonly runMs: number;
}

/**
 * One stream table over a --reader-rows table (the model of issue 19: id, g, v * mul), replaced by a query change
 * --repeat times each way while a reader selects count(*) every 10 ms: its worst wait, reads and errors.
 */
const THREADS_1 = { DBT_THREADS: '1' };

async function measureReaderWait(pg: ConnectionInfo): Promise<ReaderWait[]> {
  const dir = join(ROOT, 'bench', '.work', 'reader');
  writeBenchProject(dir);
  const model = (swap: boolean) =>
    writeFileSync(
      join(dir, 'models', 'wide.sql'),
      `{{ config(materialized='stream_table', schedule='1m', swap_on_replace=${swap}) }}\nselect id, g, v * {{ var('mul', 1) }} as v from bench_src.big\n`,
    );
  await withClient(pg, async (c) => {
    await c.query('drop table if exists bench_src.big; create table bench_src.big (id int primary key, g int not null, v bigint not null)');
    await c.query(`insert into bench_src.big select i, i % 100, i from generate_series(1, ${readerRows}) i`);
    await c.query('analyze bench_src.big');
  });
  const dbt = dbtRunner(minor, dir, 'bench_reader', pg);
  await withClient(pg, async (c) => {
    await c.query('drop schema if exists bench_reader cascade');
  });
  await dbt.ok(['deps']);
  model(false);
  let mul = 1;
  await dbt.ok(['run', '--vars', `{mul: ${mul}}`], THREADS_1);
  const out: ReaderWait[] = [];
  for (const swap of [false, true]) {
    model(swap);
    for (let rep = 0; rep < repeat; rep++) {
      mul++;
      const reader = startReader(pg, 'select count(*) from bench_reader.wide');
      await new Promise((res) => setTimeout(res, 500));
      const t0 = performance.now();
      await dbt.ok(['run', '--vars', `{mul: ${mul}}`], THREADS_1);
      const runMs = performance.now() - t0;
      await new Promise((res) => setTimeout(res, 500));
      const r = await reader.stop();
      const replace = swap ? 'build beside + swap' : 'drop + create (swap_on_replace=false)';
      out.push({ replace, worstMs: r.worstMs, reads: r.reads, errors: r.errors, runMs });
      process.stdout.write(
        `  reader, ${replace}, rep=${rep + 1}: worst wait ${r.worstMs.toFixed(0)} ms over ${r.reads} reads, ${r.errors.length} error(s); run ${(runMs / 1000).toFixed(2)} s\n`,
      );
    }
  }
  await withClient(pg, async (c) => {
    await c.query('drop schema if exists bench_reader cascade');
  });
  return out;
}

function summariseReaderWaits(waits: readonly ReaderWait[]) {
  return (['drop + create (swap_on_replace=false)', 'build beside + swap'] as const).flatMap((replace) => {
    const ws = waits.filter((w) => w.replace === replace);
    if (ws.length === 0) return [];
    return [
      {
        replace,
        runs: ws.length,
        worst_ms_median: +median(ws.map((w) => w.worstMs)).toFixed(0),
        worst_ms_max: +Math.max(...ws.map((w) => w.worstMs)).toFixed(0),
        reads: ws.reduce((a, w) => a + w.reads, 0),
        errors: ws.reduce((a, w) => a + w.errors.length, 0),
        run_s_median: +(median(ws.map((w) => w.runMs)) / 1000).toFixed(2),
      },
    ];
  });
}

await main();
