-- Observed O3: a dropped storage table loses its catalog and dependency rows (its sources' change capture stays);
-- a dropped TABLE source or inlined VIEW puts its stream tables, and every stream table downstream of them, in
-- status ERROR (a dropped view also sets needs_reinit).
DECLARE
  obj record;
  ids bigint[];
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE object_type IN ('table', 'view') AND NOT is_temporary LOOP
    DELETE FROM pgstream.pgs_stream_tables WHERE pgs_relid = obj.objid;
    SELECT array_agg(DISTINCT pgs_id) INTO ids FROM pgstream.pgs_dependencies
    WHERE source_relid = obj.objid AND source_type IN ('TABLE', 'VIEW');
    IF ids IS NOT NULL THEN
      UPDATE pgstream.pgs_stream_tables SET status = 'ERROR', updated_at = now(),
        needs_reinit = needs_reinit OR obj.object_type = 'view'
      WHERE pgs_id = ANY(pgstream._emu_with_downstream(ids));
    END IF;
  END LOOP;
END
