-- Reference §5.6: seconds of a duration, NULL for cron or anything unparsable; no minimum check.
BEGIN
  RETURN pgstream._emu_duration(input, false);
END
