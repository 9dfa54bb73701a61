CREATE EVENT TRIGGER pg_stream_ddl_tracker ON ddl_command_end EXECUTE FUNCTION pgstream._on_ddl_end();
CREATE EVENT TRIGGER pg_stream_drop_tracker ON sql_drop EXECUTE FUNCTION pgstream._on_sql_drop();
