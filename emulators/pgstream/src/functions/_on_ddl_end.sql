-- Reference §13: ALTER TABLE on a TABLE source that adds, drops or retypes a column marks the dependent
-- stream tables (and those downstream) needs_reinit. Everything else is ignored.
DECLARE
  cmd record;
  snap jsonb;
  ids bigint[];
BEGIN
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'ALTER TABLE' AND object_type = 'table' LOOP
    SELECT jsonb_agg(jsonb_build_object('name', attname, 'type_oid', atttypid, 'ordinal', attnum) ORDER BY attnum) INTO snap
    FROM pg_attribute WHERE attrelid = cmd.objid AND attnum > 0 AND NOT attisdropped;
    SELECT array_agg(DISTINCT pgs_id) INTO ids FROM pgstream.pgs_dependencies
    WHERE source_relid = cmd.objid AND source_type = 'TABLE' AND column_snapshot IS DISTINCT FROM snap;
    IF ids IS NOT NULL THEN
      UPDATE pgstream.pgs_stream_tables SET needs_reinit = true, updated_at = now() WHERE pgs_id = ANY(pgstream._emu_with_downstream(ids));
    END IF;
  END LOOP;
END
