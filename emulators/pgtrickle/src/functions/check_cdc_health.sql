-- Observed §7: one row per tracked source (trigger capture: no slot, lag or alert).
BEGIN
  RETURN QUERY
  SELECT ct.source_relid::bigint, coalesce(n.nspname || '.' || c.relname, ct.source_relid::text), 'TRIGGER'::text,
         NULL::text, NULL::bigint, NULL::text, NULL::text, false
  FROM pgtrickle.pgt_change_tracking ct
  LEFT JOIN pg_class c ON c.oid = ct.source_relid LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
  ORDER BY ct.source_relid;
END
