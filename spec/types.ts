/**
 * Vocabulary of a target: one extension's SQL API (functions, catalog, enums, schedule grammar, observed
 * behaviours) and the dbt package the generator emits for it. Every fact about an extension lives in exactly one
 * module of its target directory (`spec/<target id>/`), built from these types; the generator, the docs, the config
 * validation and the emulator's signatures all derive from it. Nothing here names an extension.
 *
 * Facts cite where they come from (`ref`: a section of the target's reference notes; observed facts name the
 * observation).
 */

/** SQL types that occur in the extensions' APIs and catalogs. */
export type SqlType =
  | 'text'
  | 'boolean'
  | 'integer'
  | 'bigint'
  | 'oid'
  | 'double precision'
  | 'timestamptz'
  | 'interval'
  | 'jsonb'
  | 'pg_lsn'
  | 'text[]'
  | 'bigint[]';

/**
 * A section of the target's reference notes (`'5.1'` for §5.1, `'1b'` for §1b) or a numbered observation (`'T3'`).
 */
export type RefSection = `${number}` | `${number}.${number}` | `${number}${'a' | 'b' | 'c' | 'd'}` | `T${number}`;

/** What passing SQL NULL to an argument does. */
export type NullHandling =
  /** The call raises (pgrx unboxing of a non-nullable parameter). */
  | { kind: 'error' }
  /** The function is STRICT: the call returns NULL and does nothing. */
  | { kind: 'strict-no-op' }
  /** NULL is a meaningful value; `meaning` says what it means. */
  | { kind: 'meaningful'; meaning: string };

export interface Argument {
  readonly name: string;
  readonly type: SqlType;
  /** SQL default as written in the signature (`'1m'` is the text value 1m); absent = no default. */
  readonly default?: { readonly value: string | boolean | number | null };
  readonly onNull: NullHandling;
  readonly description: string;
}

export interface Column {
  readonly name: string;
  readonly type: SqlType;
  readonly nullable: boolean;
  /** Column default as SQL text (e.g. `'0'`, `"'INITIALIZING'"`, `'now()'`). */
  readonly default?: string;
  /** Closed value set enforced by a CHECK constraint, by enum name. */
  readonly check?: EnumName;
  readonly description?: string;
}

/** The name of one of the target's enums (validated: every reference names an enum of the same target). */
export type EnumName = string;

export interface EnumType {
  readonly name: EnumName;
  /** Values exactly as stored (upper case). */
  readonly values: readonly string[];
  /** Values a CHECK constraint lists (may repeat a value, as the real DDL does); defaults to `values`. */
  readonly checkValues?: readonly string[];
  /** Input is upper-cased before it is checked (the config validator folds case only then). */
  readonly caseInsensitiveInput: boolean;
  /** Accepted input spellings mapped to the stored value. */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly ref: RefSection;
  readonly description: string;
}

export type FunctionReturn =
  | { readonly kind: 'scalar'; readonly type: SqlType | 'void' }
  | { readonly kind: 'table'; readonly columns: readonly Column[] }
  | { readonly kind: 'event_trigger' };

/** A function of the extension's API; it lives in the target's `extension.apiSchema`. */
export interface SqlFunction {
  readonly name: string;
  readonly args: readonly Argument[];
  readonly returns: FunctionReturn;
  readonly strict: boolean;
  readonly volatility: 'volatile' | 'stable' | 'immutable';
  readonly parallelSafe?: boolean;
  /** Internal functions (event triggers) are not for direct calls and get no wrapper. */
  readonly internal?: boolean;
  /** Present at the extension's commit (`extension.commit`) but absent from the build of its tagged release. */
  readonly absentFromTaggedRelease?: boolean;
  /** INFO message sent on success, with placeholders in angle brackets. */
  readonly infoMessage?: string;
  /** Exact error texts this function raises itself, with placeholders in angle brackets. */
  readonly errors: readonly string[];
  /** The dbt package wraps this function in a SQL producer and an executor macro. */
  readonly wrapped: boolean;
  readonly ref: RefSection;
  readonly description: string;
}

/** A catalog table or view of the extension; it lives in the target's `extension.apiSchema`. */
export interface CatalogRelation {
  readonly name: string;
  readonly kind: 'table' | 'view';
  readonly columns: readonly Column[];
  readonly primaryKey?: readonly string[];
  /** Unique keys, each a list of columns, with the index name where the reference gives one. */
  readonly unique?: readonly { readonly name?: string; readonly columns: readonly string[] }[];
  readonly indexes?: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly foreignKeys?: readonly {
    readonly columns: readonly string[];
    readonly references: string;
    readonly onDelete: 'CASCADE';
  }[];
  readonly ref: RefSection;
  readonly description: string;
}

export interface DurationUnit {
  readonly unit: 's' | 'm' | 'h' | 'd' | 'w';
  readonly seconds: number;
  readonly word: string;
}

export interface ScheduleGrammar {
  /** Units of a duration, lower case only. */
  readonly durationUnits: readonly DurationUnit[];
  /** Cron if the trimmed text starts with this prefix or contains a space. */
  readonly cronPrefix: '@';
  readonly cronAliases: readonly string[];
  /** Number of fields a cron expression may have. */
  readonly cronFieldCounts: readonly number[];
  /** Default of the extension's minimum-schedule GUC; durations below it are rejected by the extension (the docs say so). */
  readonly minimumDurationSecondsDefault: number;
  /**
   * The text that asks for a CALCULATED schedule where the extension refuses NULL (it stores NULL): a model's
   * `none` is sent as this text, and this text in a model is read as `none`. Absent: NULL itself means CALCULATED.
   */
  readonly calculatedKeyword?: string;
  /** What the scheduler does with a CALCULATED stream table, as observed: whether it refreshes one, and a sentence for the README. */
  readonly calculatedBehaviour: { readonly refreshedByScheduler: boolean; readonly observed: string };
  /** Exact error texts of schedule validation (create and alter), with placeholders in angle brackets. */
  readonly errors: readonly string[];
  /**
   * How pg_stream's scheduler treats a cron schedule, as observed, and the model config key (boolean) without
   * which the package refuses cron schedules because of it.
   */
  readonly cronBehaviour: { readonly observed: string };
  readonly ref: RefSection;
}

/** How a changed config value reaches an existing stream table. */
export type ChangeApplication =
  /**
   * Compared with a catalog column; applied in place by the lifecycle's alter function, through the argument the key
   * feeds there (its `feeds` entry for that function: stated once).
   */
  | {
      readonly kind: 'alter';
      readonly catalogColumn: string;
      /** Target values that alter cannot apply safely and that therefore need a replace. */
      readonly replaceWhenChangedTo?: readonly string[];
      readonly replaceReason?: string;
      /**
       * Config values the catalog never stores, with the stored values that satisfy them (AUTO is stored as what it
       * resolved to): such a stored value is no change.
       */
      readonly satisfiedBy?: Readonly<Record<string, readonly string[]>>;
    }
  /**
   * Compared with a catalog column; a change recreates the stream table (the extension cannot apply it in place, or
   * applying it in place would rebuild the storage table anyway).
   */
  | { readonly kind: 'replace'; readonly catalogColumn: string; readonly reason: string }
  /** Only used when the stream table is created; a later change has no effect. */
  | { readonly kind: 'create-only' }
  /** Not a pg_stream setting: handled by the materialization itself. */
  | { readonly kind: 'materialization' };

/** An inclusive range of numbers; either end may be open. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** The minimum itself is not allowed (a range such as (0, 1]). */
  readonly minExclusive?: boolean;
}

export type ConfigValueType =
  | { readonly kind: 'schedule' }
  | { readonly kind: 'enum'; readonly enum: EnumName; readonly only?: readonly string[] }
  | { readonly kind: 'boolean' }
  /** A whole number (not a boolean, not a string), within the range. */
  | ({ readonly kind: 'integer' } & NumberRange)
  /** A number, whole or not (not a boolean, not a string), within the range. */
  | ({ readonly kind: 'number' } & NumberRange)
  /** A non-empty string (a column list, a column name), passed on as it is. */
  | { readonly kind: 'text' };

export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigValueType;
  /**
   * May the user set it to null (`none`), and what that means: `value` = null is passed on and compared
   * like any value (a CALCULATED schedule); `unset` = null means the materialization leaves it alone.
   */
  readonly nullable?: {
    readonly kind: 'value' | 'unset';
    readonly meaning: string;
    /**
     * `value` keys whose NULL the alter function reads as "unchanged": what alter is given instead to store NULL (the
     * extension stores NULL for it). Absent: changing to none recreates the stream table.
     */
    readonly alterSends?: string | number;
  };
  /** Default value when the model does not set the key. */
  readonly default: string | boolean | number | null;
  /** pg_stream function arguments this key's value is passed to. */
  readonly feeds: readonly { readonly function: string; readonly argument: string }[];
  readonly change: ChangeApplication;
  /** Values that users coming from the plan may write, with the message that names the fix. */
  readonly rejectedValues?: Readonly<Record<string, string>>;
  readonly description: string;
  readonly ref: RefSection;
}

/** A config key the plan proposed that the package refuses, with the reason and what to use. */
export interface RejectedConfigKey {
  readonly name: string;
  readonly message: string;
}

/** A dbt-core config key the materialization honours. */
export interface DbtConfigKey {
  readonly name: string;
  readonly values: string;
  readonly default: string;
  readonly description: string;
}

/** Argument types in dbt's macro-property vocabulary (checked by validate_macro_args in dbt >= 1.10). */
export type MacroArgType =
  | 'string'
  | 'bool'
  | 'integer'
  | 'list[string]'
  | 'optional[list[string]]'
  | 'optional[string]'
  | 'optional[integer]'
  | 'optional[bool]'
  | 'float'
  | 'optional[float]'
  | 'relation'
  | 'any';

export interface MacroArg {
  readonly name: string;
  readonly type: MacroArgType;
  /** Jinja default literal (`none`, `true`, `600`, `'1m'`); absent = required. */
  readonly default?: string;
  readonly description: string;
  /** A relation argument that also takes a name: 'schema.name', or 'name' in the target schema (type `any`). */
  readonly orName?: boolean;
}

/** A public macro of the package that is hand-written in a template (not derived from a function). */
export interface PackageMacro {
  readonly name: string;
  readonly folder: 'catalog' | 'operations' | 'tests' | 'utils';
  /** 'test': a generic data test (`{% test %}`), used in a model's YAML; its first argument is `model`. */
  readonly kind?: 'macro' | 'test';
  readonly args: readonly MacroArg[];
  readonly description: string;
  /** Usage line for the README, e.g. a run-operation command. */
  readonly usage?: string;
  /** Extension objects the macro reads or calls (checked against the spec). */
  readonly uses: readonly string[];
}

/**
 * The roles of the API a stream table's lifecycle goes through. Generator code and templates use these roles, never
 * the function names, so the names live here (and in spec/functions) only. Validated: each function exists, is
 * wrapped, and takes the name (and, for create, the query) in the arguments named here.
 */
export interface Lifecycle {
  readonly create: string;
  readonly alter: string;
  readonly drop: string;
  readonly refresh: string;
  readonly resume: string;
  /** The argument in which every lifecycle function takes the stream table's 'schema.name'. */
  readonly nameArgument: string;
  /** The create argument that takes the defining query. */
  readonly queryArgument: string;
}

/**
 * The config keys the materialization treats by their role, named once here (validated: each exists, of the right
 * kind, feeding the right function).
 */
export interface KeyRoles {
  /** The refresh schedule (kind schedule): the cron check and the stream-table-over-stream-table warning read it. */
  readonly schedule?: string;
  /** Whether create populates at once (boolean, fed to create): what status create leaves depends on it. */
  readonly initialize: string;
  /** The desired status (applied with alter after create when it differs from what create leaves). */
  readonly status?: string;
  /** The boolean opt-in without which a cron schedule is refused (schedule.cronBehaviour). */
  readonly cronOptIn?: string;
  /** The boolean that makes a replace build the new stream table beside the old one and swap it in (relations/stream_table/swap.sql). */
  readonly swapOnReplace?: string;
  /**
   * The boolean opt-in without which the target's query guards refuse a maintained stream table that reads a table
   * without a primary key and does not aggregate (a target whose extension keeps stale rows there).
   */
  readonly keylessSourceOptIn?: string;
}

/**
 * The catalog relations and columns the package reads, by role: templates name roles (`model.st.id`), never columns,
 * and validation checks that each role names a column of its relation in `catalog`.
 */
export interface CatalogRoles {
  /** One row per stream table: the materialization's one catalog read joins it. */
  readonly streamTables: {
    readonly relation: string;
    readonly id: string;
    readonly relid: string;
    readonly schema: string;
    readonly name: string;
    /**
     * The time the data is known to be current as of: what staleness and freshness are measured from, and what the
     * scheduler compares with the schedule.
     */
    readonly currentAsOf: string;
  };
  /** One row per source of a stream table. */
  readonly dependencies: {
    readonly relation: string;
    /** The stream table's id. */
    readonly streamTableId: string;
    readonly sourceRelid: string;
    readonly sourceType: string;
  };
  /** One row per source table whose changes are captured. */
  readonly changeTracking: { readonly relation: string; readonly sourceRelid: string };
  /** Per stream table, with staleness: what freshness reads. */
  readonly stats: { readonly relation: string; readonly id: string; readonly schema: string; readonly name: string; readonly currentAsOf: string };
}

/** A row of the package README's Limitations table: observed behaviour of the extension and the package's answer. */
export interface Limitation {
  readonly behaviour: string;
  readonly packageAnswer: string;
  readonly whatToDo: string;
}

/**
 * Another dbt package for the same extension whose projects this package takes over (same dbt project name, so
 * `<project>.x` references resolve here): what a project written for it meets when it switches.
 */
export interface PredecessorPackage {
  /** How prose names it: "upstream's dbt-pgtrickle 0.15". */
  readonly title: string;
  /** Where it is, for the README. */
  readonly source: string;
  /**
   * Its public macros this package does not offer. Each is rendered as a macro of the same name that takes any
   * arguments and raises one line naming the replacement, so a project calling it fails before any statement of the
   * call instead of with dbt's "macro not found".
   */
  readonly retiredMacros: readonly { readonly name: string; readonly replacement: string }[];
  /** The README's "Coming from ..." table: every difference a switching project meets, each shown by a scenario. */
  readonly differences: readonly {
    readonly topic: string;
    readonly theirs: string;
    readonly ours: string;
    /** The scenario (integration_tests/scenarios/<file>) whose test shows it. */
    readonly shownBy: string;
  }[];
}

/** An example of the package README's Day 2 section, run as written by a scenario. */
export interface Day2Example {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  /** Files of the dbt project, shown and written as they are. */
  readonly files: readonly { readonly path: string; readonly contents: string }[];
  /** Shell commands, run in order from the dbt project's directory. */
  readonly commands: readonly string[];
  readonly note?: string;
}

/** One target: an extension's facts and the package choices for it. `spec/index.ts` lists every target. */
export interface Target {
  /** The target's name: its directory under spec/ and the generator's `--target` value. */
  readonly id: string;
  readonly extension: {
    /** The extension's name (CREATE EXTENSION, its control file, the library to preload). */
    readonly name: string;
    /** How prose names it (`pg_stream`). */
    readonly title: string;
    readonly version: string;
    readonly commit: string;
    /** Where its source is: the repository and how to get the version (for the README and the source provider). */
    readonly repository: string;
    readonly apiSchema: string;
    readonly changeSchema: string;
    readonly postgresMajor: number;
    /** The one database the scheduler serves; absent: a scheduler serves every database the extension is created in. */
    readonly schedulerDatabase?: string;
    /**
     * What the scheduler's process is called in pg_stat_activity (its background worker's backend_type): the package
     * warns when no process of that name (backend_type or application_name) is connected to the target database.
     * Observed: `pg_stream scheduler`, connected to database `postgres`.
     */
    readonly schedulerProcess: string;
    readonly rowIdColumn: string;
    readonly countColumn: string;
    readonly errorSqlState: string;
    /** Status create_stream_table leaves a table in, by its initialize argument (§5.1, §10.4). */
    readonly statusAfterCreate: { readonly initialized: string; readonly uninitialized: string };
    /** Status the sql_drop event trigger sets when a source of the stream table is dropped (§13). */
    readonly statusAfterSourceDropped: string;
    /** Status the scheduler sets after pg_stream.max_consecutive_errors failed refreshes (§10.3 step 11). */
    readonly statusAfterMaxErrors: string;
    /** Change capture: the source_type of a captured table source (a dbt rebuild of it leaves a dead source). */
    readonly changeCapture: { readonly sourceType: string };
    /**
     * Present when the drop function fails for a stream table whose table source was dropped (pg_stream observed O3):
     * the package then drops the storage table itself and removes what the extension leaves behind for the dead
     * source once no stream table reads it, the change buffer and capture functions in changeSchema (`<oid>`: the
     * source's OID).
     */
    readonly deadSourceDrop?: { readonly observed: string; readonly bufferTable: string; readonly functions: readonly string[] };
    /**
     * Present when the drop function leaves functions behind in the stream table's schema (`<name>`: the stream
     * table's name), which would make a later DROP SCHEMA fail: the package drops them with the stream table.
     */
    readonly dropLeavesFunctions?: { readonly observed: string; readonly functions: readonly string[] };
    /** The source_type of a dependency on another stream table. */
    readonly streamTableSourceType: string;
    /**
     * What the build-beside-and-swap replace needs beyond pg_stream's recipe (advisory locks on both ids, catch-up
     * refresh, drop, rename, catalog name, index names, alter), each present when observed on the target
     * (docs/<target>-swap-observed.md).
     */
    readonly swap?: {
      /** The scheduler claims a stream table by locking its catalog row: the swap locks both rows FOR UPDATE. */
      readonly lockCatalogRows?: string;
      /**
       * The drop function refuses a stream table that other stream tables read: the swap points their dependency
       * rows at the new table first.
       */
      readonly repointDependents?: string;
    };
    /**
     * Present when the scheduler does not refresh a stream table for changes of a stream table it reads (pg_stream
     * observed O4), and what that means: the package then warns and reports such freshness as unknown.
     */
    readonly schedulerIgnores?: { readonly observed: string };
    /**
     * The storage table gets each output column's type name without its modifier (observed O11): these types then
     * hold only one character or bit, so a model's column of that type with another modifier is refused.
     */
    readonly storageTypes: {
      readonly observed: string;
      /** type and array type (as regtype text), and the atttypmod the storage table keeps */
      readonly narrowed: readonly { readonly type: string; readonly arrayType: string; readonly keptTypmod: number }[];
    };
    /**
     * DIFFERENTIAL aggregates: pg_stream indexes the storage table on the GROUP BY items by their text, and reads a
     * GROUP BY name as a source column (observed O11). What it does with other items, for the package's refusal (read
     * by that target's own query guards template).
     */
    readonly groupBy?: {
      readonly observedIndex: string;
      readonly observedAlias: string;
      readonly observedNested: string;
      readonly observedGroupingSets: string;
    };
  };
  readonly package: {
    /** The package's name (`dbt-pgstream`): its directory, and the prefix of its log and error lines. */
    readonly name: string;
    /** The dbt project name, the namespace its macros are called through (`dbt_pgstream.x()`). */
    readonly projectName: string;
    readonly version: string;
    readonly materialization: string;
    readonly requireDbtVersion: readonly string[];
    /** The package's directory in this repository, which it owns: users install it from there (`subdirectory:`). */
    readonly outputDir: string;
    /** Prefix of the package's own macro names (`<prefix>_refresh`, private `_<prefix>_sql_literal`). */
    readonly macroPrefix: string;
  };
  /** The target's emulator: hand-written bodies in `sourceDir`, the extension files rendered into `outputDir`. */
  readonly emulator: { readonly sourceDir: string; readonly outputDir: string };
  readonly functions: readonly SqlFunction[];
  readonly catalog: readonly CatalogRelation[];
  readonly enums: readonly EnumType[];
  readonly schedule: ScheduleGrammar;
  readonly configKeys: readonly ConfigKey[];
  readonly rejectedConfigKeys: readonly RejectedConfigKey[];
  readonly dbtConfigKeys: readonly DbtConfigKey[];
  readonly lifecycle: Lifecycle;
  readonly catalogRoles: CatalogRoles;
  readonly keyRoles: KeyRoles;
  readonly macros: readonly PackageMacro[];
  /** The README's Limitations table, from the target's observed behaviour. */
  readonly limitations: readonly Limitation[];
  /** The README's Day 2 examples (spec/<id>/examples.ts). */
  readonly day2Examples: readonly Day2Example[];
  /** A package for the same extension whose projects this one accepts (same project name), when there is one. */
  readonly predecessor?: PredecessorPackage;
  /** Object names: identifiers the extension accepts for stream tables (§5.0). */
  readonly identifierPattern: string;
  readonly maxIdentifierLength: number;
}
