-- Observed §3, §6: returns true (the emulator has no in-flight refresh outside the caller's transaction).
BEGIN
  RETURN true;
END
