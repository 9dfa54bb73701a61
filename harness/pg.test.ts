import { describe, expectTypeOf, it } from 'vitest';
import type { CatalogRow } from './pg.ts';

// Checked by `tsc` (npm test's typecheck): the catalog row type follows the spec's columns, not a hand-written copy.
describe('the catalog row type, from the spec', () => {
  it('types each column as node-postgres returns it, null where the spec says nullable', () => {
    expectTypeOf<CatalogRow['pgs_id']>().toEqualTypeOf<string>();
    expectTypeOf<CatalogRow['pgs_relid']>().toEqualTypeOf<number>();
    expectTypeOf<CatalogRow['status']>().toEqualTypeOf<string>();
    expectTypeOf<CatalogRow['is_populated']>().toEqualTypeOf<boolean>();
    expectTypeOf<CatalogRow['schedule']>().toEqualTypeOf<string | null>();
    expectTypeOf<CatalogRow['data_timestamp']>().toEqualTypeOf<Date | null>();
    // other columns (another target's) are read by name, untyped
    expectTypeOf<CatalogRow['pgt_id']>().toEqualTypeOf<unknown>();
  });
});
