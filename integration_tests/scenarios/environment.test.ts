import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { targetNames } from '../../harness/catalog.ts';
import { dbtRunner } from '../../harness/dbt.ts';
import { oldPostgresAvailable, startOldPostgres } from '../../harness/old-postgres.ts';
import { catalogRow, dropSchema, sql, waitUntil } from '../../harness/pg.ts';
import { copyIntegrationProject } from '../../harness/project.ts';
import { freePort, type RunningServer, schedulerlessServerUnavailable, startServer, withClient } from '../../harness/server.ts';
import { selectedTarget } from '../../harness/target.ts';

const names = targetNames();
const { extension: ext, package: pkg } = selectedTarget();
const p = pkg.macroPrefix;

const pg = inject('pg');
const backend = inject('backend');

/** A process that names itself as the scheduler, connected to the database asked (the real worker, or the emulator's ticker). */
const schedulerSql = `select 1 from pg_stat_activity where datname = current_database() and '${ext.schedulerProcess}' in (backend_type, application_name)`;

describe.each(inject('dbtMinors'))(`clear errors for the environment on dbt %s (${backend.label})`, (minor) => {
  const tag = minor.replace('.', '_');
  const noext = `pgs_noext_${tag}`;
  const other = `pgs_other_${tag}`;
  const role = `pgs_limited_${tag}`;
  const dir = copyIntegrationProject(`environment-${minor}`);

  beforeAll(async () => {
    await withClient(pg, async (c) => {
      for (const db of [noext, other]) {
        await c.query(`drop database if exists ${db} with (force)`);
        await c.query(`create database ${db}`);
      }
      await c.query(`drop owned by ${role}`).catch(() => {});
      await c.query(`drop role if exists ${role}`);
      await c.query(`create role ${role} login password 'limited' nosuperuser`);
      await c.query(`grant create on database ${pg.database} to ${role}`);
    });
    await withClient({ ...pg, database: other }, async (c) => {
      await c.query(`create extension ${ext.name}`);
    });
    await dbtRunner(minor, dir, 'env_it', pg).ok(['deps']);
  });
  afterAll(async () => {
    await dropSchema(pg, `env_sched_${tag}`);
    await withClient(pg, async (c) => {
      for (const db of [noext, other]) await c.query(`drop database if exists ${db} with (force)`);
      await c.query(`drop schema if exists env_lim_${tag} cascade`);
      await c.query(`drop owned by ${role}`).catch(() => {});
      await c.query(`drop role if exists ${role}`);
    });
  });

  it(`says in one line that ${ext.title} is not installed in the target database, and what to do`, async () => {
    const dbt = dbtRunner(minor, dir, 'env_it', { ...pg, database: noext });
    await dbt.ok(['seed']);
    const r = await dbt.run(['run']);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain(
      `the ${ext.title} extension is not installed in database '${noext}'. Run CREATE EXTENSION ${ext.title}; in that database as a superuser.`,
    );
    expect(r.output).not.toContain(`relation "${names.st.qualified}" does not exist`);
  });

  const only = ext.schedulerDatabase;
  it(
    only
      ? `warns once that stream tables outside database '${only}' are not refreshed by the scheduler`
      : 'gives no scheduler warning in another database with the extension: a scheduler serves each database',
    async () => {
      const dbt = dbtRunner(minor, dir, 'env_it', { ...pg, database: other });
      await dbt.ok(['seed']);
      if (!only) {
        // the scheduler of a newly created extension connects within seconds (observed T17), as the emulator's does
        await waitUntil(`a ${ext.schedulerProcess} in database ${other}`, async () =>
          (await sql({ ...pg, database: other }, schedulerSql)).length > 0 ? true : undefined,
        );
      }
      const r = await dbt.ok(['run']);
      const warnings = r.output.split('\n').filter((l) => l.includes(`no ${ext.title} scheduler is running`));
      if (only) {
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(`scheduler only serves database '${only}'`);
        expect(warnings[0]).toContain(`stream tables in '${other}' are refreshed only by ${p}_refresh`);
      } else {
        expect(warnings).toEqual([]);
      }
      expect(await catalogRow({ ...pg, database: other }, 'env_it', 'order_totals')).toMatchObject({ status: 'ACTIVE' });
    },
  );

  it.skipIf(!oldPostgresAvailable())('stops with one line when PostgreSQL is older than 18 (skipped without the optional pg17-binaries package)', async () => {
    const old = await startOldPostgres(await freePort());
    try {
      const dbt = dbtRunner(minor, dir, 'env_old', old!.connection);
      await dbt.ok(['seed']);
      const r = await dbt.run(['run']);
      expect(r.exitCode).not.toBe(0);
      expect(r.output).toMatch(
        new RegExp(`${pkg.name}: PostgreSQL 17\\.\\d+ is too old: ${ext.title} ${ext.version.replaceAll('.', '\\.')} needs PostgreSQL 18`),
      );
    } finally {
      await old?.stop();
    }
  });

  it('gives no scheduler warning in the database a running scheduler serves', async () => {
    // The scheduler is the real background worker, or the emulator's ticker: either shows in pg_stat_activity.
    const deadline = Date.now() + 30_000;
    const connected = async () => (await sql(pg, schedulerSql)).length > 0;
    while (!(await connected()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect(await connected()).toBe(true);
    const dbt = dbtRunner(minor, dir, `env_sched_${tag}`, pg);
    await dbt.ok(['seed']);
    const r = await dbt.ok(['run']);
    expect(r.output).toContain('Completed successfully');
    expect(r.output).not.toContain(`no ${ext.title} scheduler is running`);
  });

  const noScheduler = schedulerlessServerUnavailable();
  it.skipIf(noScheduler !== undefined)(
    `warns once when ${ext.title}'s scheduler is not preloaded${noScheduler ? ` (skipped: ${noScheduler})` : ''}`,
    async () => {
      let server: RunningServer | undefined;
      try {
        server = await startServer({ scheduler: false });
        const dbt = dbtRunner(minor, dir, 'env_nosched', server.connection);
        await dbt.ok(['seed']);
        const r = await dbt.ok(['run']);
        const warnings = r.output.split('\n').filter((l) => l.includes(`no ${ext.title} scheduler is running`));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(
          `no ${ext.title} scheduler is running for database 'postgres' (shared_preload_libraries does not load ${ext.title}); stream tables in 'postgres' are refreshed only by ${p}_refresh`,
        );
        expect(await catalogRow(server.connection, 'env_nosched', 'order_totals')).toMatchObject({ status: 'ACTIVE' });
      } finally {
        await server?.stop();
      }
    },
  );

  it(`says which role lacks rights on ${ext.title} instead of a raw permission error`, async () => {
    const dbt = dbtRunner(minor, dir, `env_lim_${tag}`, { ...pg, user: role, password: 'limited' });
    await dbt.ok(['seed']);
    const r = await dbt.run(['run']);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain(`role '${role}' cannot use ${ext.title}: ${ext.title} ${ext.version} grants nothing to other roles`);
    expect(await sql(pg, `select 1 from ${names.st.qualified} where ${names.st.schema} = $1`, [`env_lim_${tag}`])).toEqual([]);
  });
});
