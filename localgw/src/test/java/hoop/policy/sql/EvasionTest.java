package hoop.policy.sql;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attempts to make a dangerous statement look harmless (or to split differently from the
 * server). Each row gives the kinds the server would actually execute, statement by statement.
 */
class EvasionTest {

    private static Arguments c(String sql, String kinds) {
        return Arguments.of(sql, kinds);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // comments between and around keywords
                c("DELETE/**/FROM users", "write"),
                c("/*x*/DELETE FROM t", "write"),
                c("-- c\nDROP TABLE t", "ddl"),
                c("-- c\rDROP TABLE t", "ddl"),
                c("/* a /* nested */ still comment */ DROP TABLE t", "ddl"),
                c("DEL/**/ETE FROM t", "unknown"),
                c("DROP/* x */TABLE/* y */t", "ddl"),
                c("SELECT 1 -- ; DROP TABLE t", "read"),
                c("/* /* nested */ ; DROP TABLE t */ SELECT 1", "read"),
                c("/* unterminated /* nested */ DROP TABLE t", "unknown"),
                c("SELECT 1 /* ; DROP TABLE t", "unknown"),
                c("SELECT 2*/*c*/3", "read"),
                c("SELECT 1 --\u000b; DROP TABLE t", "read"),
                // case and odd whitespace
                c("dElEtE from t", "write"),
                c("\tDROP\fTABLE\u000bt", "ddl"),
                c("DELETE\u00a0FROM t", "unknown"),
                c("DELETE FROM t\u0000", "unknown"),
                c("DEL\u0415TE FROM t", "unknown"),
                c("LOC\u212a TABLE t", "unknown"),
                // multiple statements behind a harmless one
                c("SELECT * FROM t; DROP TABLE t", "read,ddl"),
                c("SELECT 1;DELETE FROM t", "read,write"),
                c("BEGIN; UPDATE t SET a = 1; COMMIT", "transaction,write,transaction"),
                c("SHOW x; SET ROLE postgres", "read,dcl"),
                c("SELECT 1; /* c */ ; -- tail", "read"),
                // strings and quotes that only look dangerous
                c("SELECT 'DROP TABLE x'", "read"),
                c("SELECT ';'", "read"),
                c("SELECT 'a''; DROP TABLE t; --'", "read"),
                c("SELECT '\\'; DROP TABLE t; --'", "read,ddl"),
                c("SELECT E'\\'; DROP TABLE t; --'", "read"),
                c("SELECT E'\\\\'; DROP TABLE t", "read,ddl"),
                c("SELECT E'\\\\';' DROP TABLE t", "read,unknown"),
                // a string continued on the next line stays in its state: an E string's second part keeps \' escapes
                c("SELECT E'x'\n'\\' || $$ '; DROP TABLE t; -- $$", "read,ddl"),
                c("SELECT E'x' -- c\n\n  '\\'; DROP TABLE t; --'", "read"),
                c("SELECT 'x'\n'\\'; DROP TABLE t; --'", "read,ddl"),
                c("SELECT $$;$$", "read"),
                c("SELECT $a$ ; DROP $a$", "read"),
                c("SELECT $a$ $b$ ; $b$ DROP TABLE t $a$", "read"),
                c("SELECT $a$ ; DROP TABLE t $A$; SELECT $a$", "read"),
                c("SELECT $a$ unterminated; DROP TABLE t", "unknown"),
                c("SELECT x$$; DROP TABLE t; $$", "read,ddl,unknown"),
                c("SELECT $1; DROP TABLE t", "read,ddl"),
                c("SELECT * FROM \"DELETE\"", "read"),
                c("SELECT delete_flag FROM t", "read"),
                c("SELECT \"pg_terminate_backend\" FROM t", "read"),
                c("SELECT 'pg_terminate_backend(1)'", "read"),
                c("SELECT \"a;b\" FROM t", "read"),
                c("SELECT \"unterminated FROM t; DROP TABLE t", "unknown"),
                c("SELECT U&'\\0041'; DROP TABLE t", "read,ddl"),
                c("SELECT B'101', X'ff'; DELETE FROM t", "read,write"),
                c("SELECT N'x'", "read"),
                // wrapped writes
                c("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "write"),
                c("WITH d AS MATERIALIZED (UPDATE t SET a = 1 RETURNING *) SELECT 1", "write"),
                c("WITH a AS (SELECT 1), b AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM a", "write"),
                c("EXPLAIN ANALYZE DELETE FROM t", "write"),
                c("EXPLAIN ANALYSE VERBOSE DELETE FROM t", "write"),
                c("EXPLAIN (FORMAT JSON, ANALYZE) UPDATE t SET a=1", "write"),
                c("EXPLAIN (ANALYZE true) DROP TABLE t", "ddl"),
                c("EXPLAIN (ANALYZE on) DELETE FROM t", "write"),
                c("EXPLAIN (ANALYZE 1) DELETE FROM t", "write"),
                c("EXPLAIN (\"analyze\") DELETE FROM t", "write"),
                c("EXPLAIN (analyze 'yes') DELETE FROM t", "write"),
                c("EXPLAIN (ANALYZE false, ANALYZE true) DELETE FROM t", "write"),
                c("explain analyze select pg_terminate_backend(1)", "admin"),
                c("PREPARE p AS DELETE FROM t", "write"),
                c("PREPARE p (int, text) AS UPDATE t SET a = $2 WHERE id = $1", "write"),
                c("DO $$ BEGIN DELETE FROM t; END $$", "procedural"),
                c("DO $body$ BEGIN EXECUTE 'DROP TABLE t'; END $body$", "procedural"),
                c("COPY t FROM PROGRAM 'rm -rf /'", "copy-program"),
                c("copy (select 1) to program 'x'", "copy-program"),
                c("COPY (WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d) TO STDOUT", "write"),
                c("DECLARE c CURSOR FOR WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "write"),
                c("(DELETE FROM t)", "unknown"),
                c("((SELECT 1)); DROP TABLE t", "read,ddl"),
                c("SELECT (1; DROP TABLE t)", "unknown"),
                c("SELECT a[1; DROP TABLE t]", "unknown"),
                c("SELECT (SELECT 1 FROM t) ; DROP TABLE t", "read,ddl"),
                // dangerous functions, however spelled
                c("SELECT pg_terminate_backend(123)", "admin"),
                c("SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_stat_activity", "admin"),
                c("select \"pg_catalog\".pg_read_file('/etc/passwd')", "admin"),
                c("SELECT \"pg_read_file\"('/etc/passwd')", "admin"),
                c("SELECT PG_READ_FILE ('/etc/passwd')", "admin"),
                c("SELECT pg_read_file/**/('/etc/passwd')", "admin"),
                c("SELECT U&\"pg\\005fread\\005ffile\"('/etc/passwd')", "admin"),
                c("SELECT U&\"pg!005fread!005ffile\" UESCAPE '!' ('/etc/passwd')", "admin"),
                c("SELECT * FROM t WHERE id IN (SELECT lo_import('/etc/passwd'))", "admin"),
                c("INSERT INTO t VALUES (pg_read_file('/etc/passwd'))", "admin"),
                c("VALUES (pg_ls_dir('.'))", "admin"),
                c("UPDATE t SET a = pg_cancel_backend(1) WHERE id = 1", "admin"),
                c("ALTER TABLE t ADD COLUMN c bool DEFAULT pg_terminate_backend(1)", "admin"),
                c("CREATE TABLE x AS SELECT pg_read_file('/etc/passwd')", "admin"),
                c("CALL p(pg_reload_conf())", "admin"),
                c("SELECT * FROM ROWS FROM (pg_ls_dir('/'))", "admin"),
                c("SELECT set_config('role', 'postgres', false)", "dcl"),
                c("SELECT set_config(E'\\x72ole', 'postgres', false)", "dcl"),
                c("SELECT set_config($1, 'x', false)", "unknown"),
                c("SELECT set_config('ro' || 'le', 'postgres', false)", "unknown"),
                c("SELECT set_config('standard_conforming_' || 'strings', 'off', false)", "unknown"),
                c("SELECT set_config('role' COLLATE \"C\", 'postgres', false)", "unknown"),
                c("SELECT set_config('role'::text, 'postgres', false)", "dcl"),
                c("SELECT set_config('standard_conforming_strings', 'o' || 'ff', false)", "unknown"),
                c("SELECT set_config('search_path', 'a' || ',b', false)", "unknown"),
                c("SELECT set_config('search_path', 'a, b', false)", "session"),
                // pg_settings' rule runs set_config; a superuser's write to a catalog is a grant or DDL
                c("UPDATE pg_settings SET setting = 'off' WHERE name = 'standard_conforming_strings'", "unknown"),
                c("UPDATE ONLY \"pg_catalog\".\"pg_settings\" s SET setting = 'x'", "unknown"),
                c("UPDATE pg_authid SET rolsuper = true WHERE rolname = 'app'", "unknown"),
                c("WITH x AS (DELETE FROM pg_catalog.pg_proc WHERE oid = 1 RETURNING 1) SELECT 1", "unknown"),
                c("INSERT INTO pg_catalog.pg_namespace (nspname) VALUES ('x')", "unknown"),
                c("MERGE INTO pg_class c USING t ON true WHEN MATCHED THEN DELETE", "unknown"),
                c("COPY pg_authid (rolname) FROM STDIN", "unknown"),
                c("COPY pg_authid TO STDOUT", "copy-out"),
                c("UPDATE t SET a = (SELECT setting FROM pg_settings WHERE name = 'x') WHERE id = 1", "write"),
                c("UPDATE pg_temp.t SET a = 1 WHERE id = 1", "write"),
                c("SELECT * FROM pg_settings", "read"),
                c("SELECT set_config('standard_conforming_strings', 'off', false)", "unknown"),
                c("SELECT cursor_to_xml('c', 1, false, false, '')", "unknown"),
                c("SELECT ts_stat('DELETE FROM t RETURNING to_tsvector(x)')", "unknown"),
                c("SELECT nextval('s') FROM t", "write"),
                c("SELECT brin_summarize_new_values('i'), gin_clean_pending_list('j')", "admin"),
                c("SELECT brin_desummarize_range('i'::regclass, 0)", "admin"),
                c("SELECT heap_force_kill('t'::regclass, ARRAY['(0,1)']::tid[])", "admin"),
                // an index's raw items by its name (its keys are the table's values); a table named in text, read by xml2
                c("SELECT data FROM bt_page_items('customers_email_key', 1)", "admin"),
                // the server's configuration files as rows, as pg_read_file reads them
                c("SELECT * FROM pg_hba_file_rules", "admin"),
                c("TABLE pg_catalog.pg_file_settings", "admin"),
                c("SELECT 1 WHERE EXISTS (SELECT FROM pg_ident_file_mappings)", "admin"),
                c("SELECT pg_show_all_file_settings()", "admin"),
                c("SELECT * FROM myschema.pg_file_settings", "read"),
                c("SELECT * FROM public.xpath_table('card', 'notes', 'customers', '/a', 'true') AS t(card text, a text)", "unknown"),
                c("SELECT binary_upgrade_set_next_pg_authid_oid(10)", "admin"),
                // servers newer than the tests' 15: named all the same
                c("SELECT pg_restore_relation_stats('schemaname', 'public', 'relname', 't', 'reltuples', 1::real)", "admin"),
                c("SELECT pg_clear_attribute_stats('public', 't', 'email', false)", "admin"),
                c("SELECT pg_buffercache_evict_relation('t'::regclass), pg_log_standby_snapshot()", "admin"),
                c("SELECT pg_prewarm('t')", "admin"),
                // column notation: (x).f and alias.f call f(x) with no bracket after the name
                c("SELECT ('s'::regclass).nextval", "write"),
                c("SELECT ('s') . \"nextval\"", "write"),
                c("SELECT x.nextval FROM CAST('s' AS regclass) x", "write"),
                c("SELECT (pg_backend_pid()).pg_terminate_backend", "admin"),
                c("SELECT f.pg_read_file FROM unnest(ARRAY['/etc/passwd']) f", "admin"),
                c("SELECT ('SELECT 1').ts_stat", "unknown"),
                c("SELECT ('DELETE FROM t').dblink_exec", "unknown"),
                c("ALTER TABLE t ADD COLUMN c bool DEFAULT (1).pg_terminate_backend", "admin"),
                // privilege changes disguised as settings
                c("SET role = postgres", "dcl"),
                c("SET \"ROLE\" TO postgres", "dcl"),
                c("SET session_authorization = postgres", "dcl"),
                c("RESET \"role\"", "dcl"),
                c("SET standard_conforming_strings TO 'off'", "unknown"),
                c("SET session_replication_role = replica", "admin"),
                c("SET LOCAL \"session_replication_role\" TO 'replica'", "admin"),
                c("RESET session_replication_role", "admin"),
                c("SELECT set_config('log_statement', 'none', false)", "admin"),
                c("SET pgaudit.log = 'none'", "admin"),
                c("SET allow_system_table_mods = on", "admin"),
                c("SET work_mem = '64MB'", "session"),
                // a routine's SET clause runs its body under the setting: as another role, without triggers and keys
                c("CREATE FUNCTION f() RETURNS text LANGUAGE sql SET role = limited AS 'SELECT current_user'", "dcl"),
                c("CREATE OR REPLACE PROCEDURE p() LANGUAGE sql SET session_replication_role TO replica AS 'DELETE FROM t'", "admin"),
                c("ALTER FUNCTION f(set int) SET \"ROLE\" = 'limited'", "dcl"),
                c("ALTER ROUTINE f() RESET role", "dcl"),
                c("ALTER PROCEDURE p() SET log_statement FROM CURRENT", "admin"),
                c("ALTER FUNCTION f() SET search_path = a, b", "ddl"),
                c("ALTER FUNCTION f() SET SCHEMA s", "ddl"),
                c("ALTER FUNCTION f() RESET ALL", "ddl"),
                c("ALTER FUNCTION f() SET standard_conforming_strings = off", "ddl"),
                c("CREATE FUNCTION f() RETURNS int LANGUAGE sql SET work_mem = '1GB' BEGIN ATOMIC UPDATE t SET role = 1; END", "procedural"),
                c("CREATE FUNCTION f(begin atomic) RETURNS int AS 'select 1' LANGUAGE sql; DROP TABLE t", "procedural,ddl"),
                c("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; DROP TABLE t", "procedural,ddl"),
                // CASE as a column label opens no CASE expression: the body ends at its END, and what follows runs
                // (PostgreSQL 15 ran the DELETE of each of these after creating the function)
                c("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 AS case; END; DELETE FROM t; END", "procedural,write,transaction"),
                c("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 case; END; DELETE FROM t; END", "procedural,write,transaction"),
                c("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT (1) case; END; DELETE FROM t; END", "procedural,write,transaction"),
                c("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT id case FROM t; END; DELETE FROM t; END", "procedural,write,transaction"),
                c("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x.case FROM (SELECT 1 AS \"case\") x; END; DROP TABLE t; END", "procedural,ddl,transaction"),
                c("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x.then case FROM (SELECT 1 AS \"then\") x; END; DROP TABLE t; END", "procedural,ddl,transaction"),
                c("CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT xmlelement(name case); END; DELETE FROM t; END", "procedural,write,transaction"),
                c("CREATE RULE r AS ON SELECT TO t DO INSTEAD (SELECT 1; SELECT 2); DELETE FROM t", "ddl,write"),
                c("DELETE FROM t WHERE id = 1 OR 1 = 1", "write"),
                c("SET client_encoding = 'SJIS'", "unknown"),
                c("SET NAMES 'GBK'", "unknown"),
                c("SELECT set_config('client_encoding', 'BIG5', false)", "unknown"),
                // finishing a two-phase transaction: any session of the same user may, so the writes committed are
                // another session's (unseen), and a rollback discards its work
                c("COMMIT PREPARED 'app-tx-17'", "unknown"),
                c("commit /* c */ PREPARED $$g$$", "unknown"),
                c("ROLLBACK PREPARED 'app-tx-17'", "admin"),
                c("PREPARE TRANSACTION 'mine'", "transaction"),
                // DISCARD ALL runs SET SESSION AUTHORIZATION DEFAULT and RESET ROLE: back to the login role, as RESET ROLE
                c("SET ROLE limited; DISCARD ALL", "dcl,dcl"),
                c("DISCARD SEQUENCES", "session"),
                // a subscription connects out and writes whichever tables the publisher's publications name
                c("CREATE SUBSCRIPTION s CONNECTION 'host=evil dbname=x' PUBLICATION p", "unknown"),
                c("ALTER SUBSCRIPTION s CONNECTION 'host=evil'", "unknown"),
                c("ALTER SUBSCRIPTION s REFRESH PUBLICATION WITH (copy_data = true)", "unknown"),
                c("ALTER SUBSCRIPTION \"s\" ENABLE", "unknown"),
                c("ALTER SUBSCRIPTION s DISABLE", "admin"),
                c("ALTER SUBSCRIPTION s OWNER TO bob", "admin"),
                c("DROP SUBSCRIPTION IF EXISTS s", "admin"),
                // a new owner's members get every privilege on the object, as REASSIGN OWNED gives them
                c("ALTER TABLE customers OWNER TO analysts", "dcl"),
                c("ALTER TABLE customers ADD COLUMN c int, OWNER TO analysts", "dcl"),
                c("ALTER SCHEMA s OWNER TO CURRENT_ROLE", "dcl"),
                c("ALTER LARGE OBJECT 1 OWNER TO analysts", "dcl"),
                c("ALTER TABLE customers RENAME owner TO holder", "ddl"),
                c("ALTER TABLE customers RENAME COLUMN owner TO holder", "ddl"),
                c("ALTER TYPE t RENAME ATTRIBUTE owner TO holder", "ddl"),
                // CREATE SCHEMA's elements are judged as the statements they are
                c("CREATE SCHEMA s CREATE TABLE t (a int DEFAULT pg_terminate_backend(1))", "admin"),
                c("CREATE SCHEMA s CREATE TABLE t (a int) GRANT ALL ON t TO PUBLIC", "dcl"),
                // AUTHORIZATION gives the schema and its elements to the role, as OWNER TO does: dcl (and ddl, see KindTest)
                c("CREATE SCHEMA s AUTHORIZATION bob", "dcl"),
                // what pg_stat_activity, the statistics, pg_stat_statements and auto_explain record: superuser settings
                c("SET track_activities = off", "admin"),
                c("SELECT set_config('track_counts', 'off', false)", "admin"),
                c("SET pg_stat_statements.track = 'none'", "admin"),
                c("SET LOCAL auto_explain.log_min_duration = -1", "admin"),
                // TRIGGER ALL includes the foreign keys' system triggers: off for every session, as session_replication_role
                c("ALTER TABLE orders DISABLE TRIGGER ALL", "admin"),
                c("ALTER TABLE IF EXISTS ONLY orders ADD COLUMN c int, ENABLE REPLICA TRIGGER ALL", "admin"),
                c("ALTER FOREIGN TABLE f DISABLE TRIGGER ALL", "admin"),
                c("ALTER TABLE orders DISABLE TRIGGER USER", "ddl"),
                c("ALTER TABLE orders DISABLE TRIGGER audit", "ddl"),
                // a server file is read or written as the server's account, as pg_read_file and pg_file_write do
                c("COPY (SELECT 'archive_command = ''id''') TO '/var/lib/postgresql/data/postgresql.auto.conf'", "admin"),
                c("COPY t FROM E'/etc/passwd' WITH (FORMAT text)", "admin"),
                c("COPY t (a) FROM $$/etc/passwd$$", "admin"),
                c("COPY t FROM STDIN", "copy-in"),
                // lexical oddities the server rejects
                c("SELECT 1FROM t", "unknown"),
                c("SELECT $x", "unknown"),
                c("SELECT \"\" FROM t", "unknown"),
                c("\\! rm -rf /", "unknown"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void classifies(String sql, String kinds) {
        Cases.assertKinds(sql, kinds);
    }
}
