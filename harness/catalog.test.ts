import { describe, expect, it } from 'vitest';
import { smallSpec } from '../generator/test/fixtures/small-spec.ts';
import { targetById } from '../spec/index.ts';
import { targetNames } from './catalog.ts';

describe("the harness's SQL names come from the target's spec", () => {
  it('qualifies lifecycle functions and catalog relations with the API schema', () => {
    const n = targetNames(targetById('pgstream'));
    expect([n.create, n.drop, n.st.qualified, n.st.name, n.dependencies.qualified]).toEqual([
      'pgstream.create_stream_table',
      'pgstream.drop_stream_table',
      'pgstream.pgs_stream_tables',
      'pgs_name',
      'pgstream.pgs_dependencies',
    ]);
  });

  it("follows another target's schema and names", () => {
    const n = targetNames(smallSpec);
    expect([n.create, n.refresh, n.st.qualified]).toEqual(['ivm.make_view', 'ivm.refresh_view', 'ivm.ivm_views']);
  });

  it('names a function the target does not have, and the ones it has', () => {
    expect(() => targetNames(smallSpec).fn('create_stream_table')).toThrow(/ivm_lite has no function create_stream_table \(its spec lists .*make_view/);
  });
});
