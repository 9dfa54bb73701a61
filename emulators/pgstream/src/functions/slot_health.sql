-- Reference §5.11: trigger mode rows.
BEGIN
  RETURN QUERY
  SELECT ct.slot_name, ct.source_relid::bigint, true, 0::bigint, 'trigger'::text
  FROM pgstream.pgs_change_tracking ct ORDER BY ct.source_relid;
END
