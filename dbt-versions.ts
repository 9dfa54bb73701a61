/**
 * The shape of dbt-versions.json: the dbt releases the project installs (scripts/setup-venv.ts), tests against
 * (the harness) and names in the package README (the generator). Its own module, so none of them imports another's
 * internals for it.
 */

/** A dbt version the project installs and tests against. */
export interface DbtPin {
  readonly minor: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly why: string;
}

export interface DbtVersions {
  readonly default: string;
  readonly ci: readonly string[];
  readonly pins: readonly DbtPin[];
}
