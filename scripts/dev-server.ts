/**
 * Starts the harness's PostgreSQL 18 (same provider choice as the tests) and keeps it running until
 * Ctrl-C, printing the PG* variables to point dbt or psql at it. For working on the package by hand.
 */
import { startServer } from '../harness/server.ts';

const server = await startServer();
const c = server.connection;
console.log(`provider: ${server.provider}; PostgreSQL ${server.postgresVersion}; ${server.backend.label}`);
for (const n of server.notes) console.log(`note: ${n}`);
console.log(`export PGHOST=${c.host} PGPORT=${c.port} PGUSER=${c.user} PGPASSWORD=${c.password} PGDATABASE=${c.database}`);
console.log('Ctrl-C stops the server and removes its data.');
await new Promise(() => {});
