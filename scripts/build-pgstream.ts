/**
 * Builds (or finds in the cache) PostgreSQL 18 with a real extension (pg_stream, pg_trickle) from a checkout, without
 * running anything:
 *   PGSTREAM_SOURCE=<checkout> npm run build:pgstream     (or: npm run build:pgstream -- <checkout>)
 * Later `PGSTREAM_SOURCE=<checkout> npm test` (or demo, bench, dev server) starts in seconds from the cache.
 */
import { buildFromSource } from '../harness/source-build.ts';

const source = process.argv[2] ?? process.env.PGSTREAM_SOURCE;
if (!source) {
  console.error('usage: PGSTREAM_SOURCE=<path to a pg_stream or pg_trickle checkout> npm run build:pgstream');
  process.exit(2);
}
try {
  const b = await buildFromSource(source);
  console.log(`${b.extension} ${b.sourceId} (pgrx ${b.pgrxVersion}) on PostgreSQL ${b.postgresVersion}: ${b.installDir}`);
} catch (e) {
  console.error(`build:pgstream: ${(e as Error).message}`);
  process.exit(1);
}
