-- Observed §7: roots are the stream tables no stream table reads... drawn as '├── x.up3', children indented by '│   '.
DECLARE
  r record;
BEGIN
  FOR r IN
    WITH RECURSIVE tree(kind, relid, pgt_id, depth, path, last_flags) AS (
      SELECT 'stream_table'::text, st.pgt_relid, st.pgt_id, 0, ARRAY[(st.pgt_schema || '.' || st.pgt_name) COLLATE "default"],
             ARRAY[row_number() OVER (ORDER BY st.pgt_schema, st.pgt_name) = count(*) OVER ()]
      FROM pgtrickle.pgt_stream_tables st
      WHERE NOT EXISTS (SELECT 1 FROM pgtrickle.pgt_dependencies d WHERE d.pgt_id = st.pgt_id AND d.source_type = 'STREAM_TABLE')
      UNION ALL
      SELECT c.kind, c.relid, c.pgt_id, t.depth + 1, t.path || c.label, t.last_flags || c.is_last
      FROM tree t
      CROSS JOIN LATERAL (
        SELECT x.kind, x.relid, x.pgt_id, x.label, row_number() OVER (ORDER BY x.sort, x.label) = count(*) OVER () AS is_last
        FROM (
          SELECT 'stream_table'::text AS kind, dn.pgt_relid AS relid, dn.pgt_id, (dn.pgt_schema || '.' || dn.pgt_name) COLLATE "default" AS label, 0 AS sort
          FROM pgtrickle.pgt_dependencies d JOIN pgtrickle.pgt_stream_tables dn ON dn.pgt_id = d.pgt_id
          WHERE t.kind = 'stream_table' AND d.source_relid = t.relid AND d.source_type = 'STREAM_TABLE'
          UNION ALL
          SELECT 'source_table', d.source_relid, NULL::bigint,
                 coalesce((SELECT (n.nspname || '.' || c.relname)::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = d.source_relid), d.source_relid::text) COLLATE "default", 1
          FROM pgtrickle.pgt_dependencies d WHERE t.kind = 'stream_table' AND d.pgt_id = t.pgt_id AND d.source_type <> 'STREAM_TABLE'
        ) x
      ) c
      WHERE t.depth < 20
    )
    SELECT t.*, st.status AS st_status, st.refresh_mode AS st_mode FROM tree t LEFT JOIN pgtrickle.pgt_stream_tables st ON st.pgt_id = t.pgt_id
    ORDER BY t.path
  LOOP
    node := r.path[array_length(r.path, 1)];
    tree_line := (SELECT coalesce(string_agg(CASE WHEN f THEN '    ' ELSE '│   ' END, '' ORDER BY i), '')
                  FROM unnest(r.last_flags[1:array_length(r.last_flags, 1) - 1]) WITH ORDINALITY u(f, i))
                 || CASE WHEN r.last_flags[array_length(r.last_flags, 1)] THEN '└── ' ELSE '├── ' END
                 || node || CASE WHEN r.kind = 'source_table' THEN ' [src]' ELSE '' END;
    node_type := r.kind;
    depth := r.depth;
    status := r.st_status;
    refresh_mode := r.st_mode;
    RETURN NEXT;
  END LOOP;
END
