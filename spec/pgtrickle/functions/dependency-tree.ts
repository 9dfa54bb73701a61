import type { SqlFunction } from '../../types.ts';

/** `pgtrickle.dependency_tree()`: observed §7. */
export const dependencyTree = {
  name: 'dependency_tree',
  args: [],
  returns: {
    kind: 'table',
    columns: [
      { name: 'tree_line', type: 'text', nullable: false, description: "drawn line, e.g. '│   └── x.s3 [src]'" },
      { name: 'node', type: 'text', nullable: false, description: "'schema.name'" },
      { name: 'node_type', type: 'text', nullable: false, description: 'stream_table or source_table' },
      { name: 'depth', type: 'integer', nullable: false },
      { name: 'status', type: 'text', nullable: true, description: 'NULL for a source table' },
      { name: 'refresh_mode', type: 'text', nullable: true, description: 'NULL for a source table' },
    ],
  },
  strict: true,
  volatility: 'volatile',
  errors: [],
  wrapped: false,
  ref: '7',
  description: 'The stream tables and their sources as an indented tree, one row per node.',
} as const satisfies SqlFunction;
