-- Reference §5.14 uses XXH64. The emulator uses the first 64 bits of md5 instead (a deviation: the package
-- never reads hash values).
BEGIN
  RETURN ('x' || substr(md5(input), 1, 16))::bit(64)::bigint;
END
