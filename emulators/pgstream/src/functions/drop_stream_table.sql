-- Reference §5.3: DROP TABLE ... CASCADE (dependent views go too), catalog row deleted, history kept,
-- change capture removed from sources no other stream table uses.
DECLARE
  st pgstream.pgs_stream_tables;
  v_sources oid[];
BEGIN
  st := pgstream._emu_lookup(name);
  SELECT array_agg(source_relid) INTO v_sources FROM pgstream.pgs_dependencies WHERE pgs_id = st.pgs_id AND source_type = 'TABLE';
  EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', st.pgs_schema, st.pgs_name);
  DELETE FROM pgstream.pgs_stream_tables WHERE pgs_id = st.pgs_id;
  PERFORM pgstream._emu_untrack_unused(v_sources);
  RAISE INFO 'Stream table %.% dropped (pgs_id=%)', st.pgs_schema, st.pgs_name, st.pgs_id;
END
