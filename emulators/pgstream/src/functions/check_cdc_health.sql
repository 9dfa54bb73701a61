-- Reference §5.13: one row per distinct TABLE source; TRIGGER mode never alerts.
BEGIN
  RETURN QUERY
  SELECT DISTINCT d.source_relid::bigint, d.source_relid::regclass::text, d.cdc_mode, NULL::text, NULL::bigint, NULL::text, NULL::text
  FROM pgstream.pgs_dependencies d
  WHERE d.source_type = 'TABLE' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = d.source_relid)
  ORDER BY 1;
END
