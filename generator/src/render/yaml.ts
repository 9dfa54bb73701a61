import { stringify } from 'yaml';
import type { MacroModel, PackageModel } from '../model/package-model.ts';

/** YAML outputs are built as objects and serialised with `yaml`, never templated. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, indent: 2, indentSeq: true, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
}

export function packageProjectYaml(m: PackageModel): unknown {
  return {
    name: m.projectName,
    version: m.version,
    'config-version': 2,
    'require-dbt-version': [...m.requireDbtVersion],
    'macro-paths': ['macros'],
    'clean-targets': ['target', 'dbt_packages'],
    // One environment check per invocation, and only when stream_table models are selected.
    'on-run-start': [`{{ ${m.projectName}.${m.prefix}_check_environment() }}`],
  };
}

export function macroDocsYaml(macros: readonly MacroModel[]): unknown {
  return {
    version: 2,
    macros: macros.map((mac) => ({
      name: mac.docName,
      description: mac.description,
      arguments: mac.args.map((a) => ({ name: a.name, type: a.docType, description: a.description })),
    })),
  };
}

export function integrationProjectYaml(m: PackageModel): unknown {
  return {
    name: `${m.projectName}_integration_tests`,
    version: m.version,
    'config-version': 2,
    profile: 'integration_tests',
    'model-paths': ['models'],
    'seed-paths': ['seeds'],
    'test-paths': ['tests'],
    'macro-paths': ['macros'],
    'clean-targets': ['target', 'dbt_packages'],
    // Root project first, so its override of a package macro is the one that runs (dbt-utils pattern).
    dispatch: [{ macro_namespace: m.projectName, search_order: [`${m.projectName}_integration_tests`, m.projectName] }],
    seeds: {
      [`${m.projectName}_integration_tests`]: {
        raw_orders: { '+column_types': { id: 'integer', customer_id: 'integer', amount: 'numeric(10,2)', created_at: 'timestamptz' } },
      },
    },
    models: {
      [`${m.projectName}_integration_tests`]: { marts: { '+materialized': m.materialization } },
    },
  };
}

export function integrationProfilesYaml(m: PackageModel): unknown {
  return {
    integration_tests: {
      target: 'default',
      outputs: {
        default: {
          type: 'postgres',
          host: "{{ env_var('PGHOST', 'localhost') }}",
          port: "{{ env_var('PGPORT', '5432') | as_number }}",
          user: "{{ env_var('PGUSER', 'postgres') }}",
          password: "{{ env_var('PGPASSWORD', 'postgres') }}",
          dbname: "{{ env_var('PGDATABASE', 'postgres') }}",
          schema: `{{ env_var('DBT_SCHEMA', '${m.ns}_it') }}`,
          threads: "{{ env_var('DBT_THREADS', '1') | as_number }}",
        },
      },
    },
  };
}

export function integrationPackagesYaml(): unknown {
  return { packages: [{ local: '../' }] };
}

export function integrationSchemaYaml(m: PackageModel): unknown {
  return {
    version: 2,
    models: [
      {
        name: 'order_totals',
        description: 'Aggregated order totals per customer (stream table)',
        columns: [
          { name: m.extension.rowIdColumn, description: `Internal ${m.extension.title} row identity hash. Ignore this column.` },
          { name: 'customer_id', description: 'Customer identifier', tests: ['not_null', 'unique'] },
          { name: 'total_amount', description: 'Sum of all order amounts', tests: ['not_null'] },
          { name: 'order_count', description: 'Number of orders', tests: ['not_null'] },
          { name: m.extension.countColumn, description: `Internal ${m.extension.title} group counter (DIFFERENTIAL aggregates). Ignore this column.` },
        ],
      },
    ],
  };
}
