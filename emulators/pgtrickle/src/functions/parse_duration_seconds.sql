-- Observed §2: seconds of a duration; NULL for a cron text; the duration errors otherwise.
BEGIN
  RETURN pgtrickle._emu_duration(input, true);
END
