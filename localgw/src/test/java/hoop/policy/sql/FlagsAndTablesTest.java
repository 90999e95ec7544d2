package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlagsAndTablesTest {

    private static Arguments f(String sql, String kind, String flags) {
        return Arguments.of(sql, kind, flags);
    }

    static Stream<Arguments> flagCases() {
        return Stream.of(
                f("UPDATE t SET a = 1 WHERE id = 1", "write", ""),
                f("UPDATE t SET a = 1", "write", "unbounded"),
                f("UPDATE t SET a = (SELECT 1 WHERE true)", "write", "unbounded"),
                f("UPDATE t SET a = 1 FROM u WHERE t.id = u.id", "write", ""),
                f("DELETE FROM t", "write", "unbounded"),
                f("DELETE FROM t WHERE CURRENT OF c", "write", ""),
                f("DELETE FROM t WHERE id IN (SELECT id FROM u WHERE x)", "write", ""),
                f("DELETE FROM t USING u WHERE t.id = u.id", "write", ""),
                f("DELETE FROM t WHERE 1 = 1", "write", "unbounded"),
                f("DELETE FROM t WHERE true RETURNING id", "write", "unbounded"),
                f("DELETE FROM t RETURNING (SELECT 1 WHERE x)", "write", "unbounded"),
                f("DELETE FROM t WHERE id = 1 OR 1 = 1", "write", "unbounded"),
                f("DELETE FROM t WHERE a = 1 AND b = 2 OR true", "write", "unbounded"),
                f("DELETE FROM t WHERE $1", "write", "unbounded"),
                // A column compared with itself holds wherever it is not null; nested ORs and complementary
                // null tests cover every row too.
                f("DELETE FROM t WHERE id = id", "write", "unbounded"),
                f("DELETE FROM t WHERE t.id >= t.id AND 1 = 1", "write", "unbounded"),
                f("DELETE FROM t WHERE lower(email) = lower(email)", "write", "unbounded"),
                f("DELETE FROM t WHERE id = \"id\"", "write", "unbounded"),
                f("DELETE FROM t WHERE id IS NOT DISTINCT FROM id", "write", "unbounded"),
                f("DELETE FROM t WHERE ((id = id))", "write", "unbounded"),
                f("DELETE FROM t WHERE (id = 5 OR true)", "write", "unbounded"),
                f("DELETE FROM t WHERE (id = 5) OR (true)", "write", "unbounded"),
                f("DELETE FROM t WHERE a IS NULL OR a IS NOT NULL", "write", "unbounded"),
                f("DELETE FROM t WHERE a ISNULL OR a NOTNULL", "write", "unbounded"),
                // NOT, IS [NOT] TRUE/FALSE/NULL, comparisons with TRUE/FALSE and IN lists fold as PostgreSQL evaluates
                // them: each of these matches every row (whose id is not null)
                f("DELETE FROM t WHERE NOT id <> id", "write", "unbounded"),
                f("DELETE FROM t WHERE NOT (id > id)", "write", "unbounded"),
                f("DELETE FROM t WHERE NOT id IS DISTINCT FROM id", "write", "unbounded"),
                f("DELETE FROM t WHERE (id = id) IS NOT FALSE", "write", "unbounded"),
                f("DELETE FROM t WHERE (id <> id) IS NOT TRUE", "write", "unbounded"),
                f("DELETE FROM t WHERE (id = 1 OR true) IS TRUE", "write", "unbounded"),
                f("DELETE FROM t WHERE (id = id) = true", "write", "unbounded"),
                f("DELETE FROM t WHERE (id <> id) = false", "write", "unbounded"),
                f("DELETE FROM t WHERE id IN (1, id)", "write", "unbounded"),
                f("DELETE FROM t WHERE NOT id NOT IN (id)", "write", "unbounded"),
                f("DELETE FROM t WHERE NOT (id = 1 AND false)", "write", "unbounded"),
                f("DELETE FROM t WHERE NOT (id = 1 AND 1 = 0)", "write", "unbounded"),
                f("DELETE FROM t WHERE id IS NULL OR NOT id IS NULL", "write", "unbounded"),
                f("UPDATE t SET a = 1 WHERE NOT (id IS NULL AND id IS NOT NULL)", "write", "unbounded"),
                f("MERGE INTO t USING u ON NOT (t.id <> t.id) WHEN MATCHED THEN DELETE", "write", "unbounded"),
                // a part that reads nothing of the changed row holds for every row or for none: a subquery that does
                // not refer to the row, another FROM / USING item's or the MERGE source's columns
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM pg_class)", "write", "unbounded"),
                f("DELETE FROM t WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = 'x')", "write", "unbounded"),
                f("DELETE FROM t WHERE id = 1 OR EXISTS (SELECT FROM pg_class)", "write", "unbounded"),
                f("UPDATE t SET a = 1 WHERE (SELECT count(*) FROM pg_class) > 0", "write", "unbounded"),
                f("UPDATE t SET a = 1 WHERE (SELECT count(*) > 0 FROM u JOIN v ON u.x = v.x)", "write", "unbounded"),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM t WHERE t.id = 1)", "write", "unbounded"),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM generate_series(1, 3) g(n) WHERE n = 2)", "write", "unbounded"),
                f("DELETE FROM t WHERE EXISTS (WITH c AS (SELECT 1) SELECT * FROM c)", "write", "unbounded"),
                f("UPDATE t SET a = 1 FROM u WHERE u.id = 1", "write", "unbounded"),
                f("DELETE FROM t USING u WHERE u.id = 1 OR t.id = 2", "write", "unbounded"),
                f("MERGE INTO t USING u ON u.id = 1 WHEN MATCHED THEN DELETE", "write", "unbounded"),
                f("MERGE INTO t x USING u ON u.id = x.id OR u.all WHEN MATCHED THEN UPDATE SET a = 1", "write", "unbounded"),
                // a comparison with its complement, a range from x to x, a pattern matching any string: every row
                // where the compared values are not null, as id = id
                f("DELETE FROM t WHERE id = 1 OR id <> 1", "write", "unbounded"),
                f("DELETE FROM t WHERE id < 5 OR 5 <= id", "write", "unbounded"),
                f("DELETE FROM t WHERE id > 5 OR NOT id > 5", "write", "unbounded"),
                f("DELETE FROM t WHERE t.id = 3 OR 3 != id", "write", "unbounded"),
                f("UPDATE t SET a = 1 WHERE a >= now() OR a < now()", "write", "unbounded"),
                f("DELETE FROM t WHERE id BETWEEN id AND id", "write", "unbounded"),
                f("DELETE FROM t WHERE name LIKE '%'", "write", "unbounded"),
                f("DELETE FROM t WHERE name ILIKE '%%' AND 1 = 1", "write", "unbounded"),
                f("DELETE FROM t WHERE name SIMILAR TO '%'", "write", "unbounded"),
                f("DELETE FROM t WHERE name ~~ '%'", "write", "unbounded"),
                f("DELETE FROM t WHERE name ~ ''", "write", "unbounded"),
                f("DELETE FROM t WHERE name ~* '.*'", "write", "unbounded"),
                // the target's table joined whole with itself on one column: each row meets itself
                f("DELETE FROM t USING t AS t2 WHERE t.id = t2.id", "write", "unbounded"),
                f("UPDATE s.t SET a = 1 FROM s.t t2 WHERE t2.id >= t.id", "write", "unbounded"),
                f("MERGE INTO t AS x USING t AS s ON x.id = s.id WHEN MATCHED THEN UPDATE SET a = 1", "write", "unbounded"),
                // a subquery over the target's table whole finds the row itself
                f("DELETE FROM t WHERE id IN (SELECT id FROM t)", "write", "unbounded"),
                f("DELETE FROM t WHERE t.id IN (SELECT x.id FROM ONLY t AS x WHERE x.id = x.id)", "write", "unbounded"),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM t x WHERE x.id = t.id)", "write", "unbounded"),
                f("UPDATE t SET a = 1 WHERE NOT NOT EXISTS (SELECT FROM t AS o WHERE t.id >= o.id)", "write", "unbounded"),
                // one column of the target, qualified or not, compared with itself
                f("DELETE FROM t WHERE id = (id)", "write", "unbounded"),
                f("DELETE FROM t WHERE ((t.id)) <= id", "write", "unbounded"),
                // a non-breaking space is part of a name for PostgreSQL: this is DELETE FROM t AS "where id"
                f("DELETE FROM t WHERE\u00a0id = 1", "write", "unbounded"),
                f("DELETE FROM t WHERE t.id = id", "write", "unbounded"),
                f("DELETE FROM public.accounts WHERE public.accounts.aid = aid", "write", "unbounded"),
                f("DELETE FROM accounts a WHERE a.aid >= aid", "write", "unbounded"),
                f("UPDATE t SET a = 1 FROM u WHERE t.id = t.id AND u.id = 1", "write", "unbounded"),
                f("DELETE FROM t WHERE t.a IS NULL OR a IS NOT NULL", "write", "unbounded"),
                // ... and these depend on the data, or match nothing
                f("DELETE FROM t WHERE NOT id = 1", "write", ""),
                f("DELETE FROM t WHERE (id = 1) IS NOT TRUE", "write", ""),
                f("DELETE FROM t WHERE deleted = true", "write", ""),
                f("DELETE FROM t WHERE id NOT IN (1, 2)", "write", ""),
                f("DELETE FROM t WHERE id IN (SELECT id FROM u)", "write", ""),
                f("DELETE FROM t WHERE id < 5 OR id > 5", "write", ""),
                f("DELETE FROM t WHERE id = 1 OR id <> 2", "write", ""),
                f("DELETE FROM t WHERE id = 1 AND id <> 1", "write", ""),
                f("DELETE FROM t WHERE id NOT BETWEEN id AND id", "write", ""),
                f("DELETE FROM t WHERE id BETWEEN id AND 5", "write", ""),
                f("DELETE FROM t WHERE name NOT LIKE '%'", "write", ""),
                f("DELETE FROM t WHERE name LIKE '_%'", "write", ""),
                f("DELETE FROM t WHERE name LIKE '%a%'", "write", ""),
                f("DELETE FROM t WHERE name !~ ''", "write", ""),
                f("DELETE FROM t WHERE name ~ 'a'", "write", ""),
                f("UPDATE t SET a = 1 FROM t AS t2 WHERE t.id = t2.id AND t2.flag", "write", ""),
                f("UPDATE t SET a = 1 FROM t AS t2 WHERE t.id < t2.id", "write", ""),
                f("UPDATE t SET a = 1 FROM t AS t2 JOIN u ON u.id = t2.id WHERE t.id = t2.id", "write", ""),
                f("DELETE FROM t USING t TABLESAMPLE SYSTEM (1) t2 WHERE t.id = t2.id", "write", ""),
                f("UPDATE s.t SET a = 1 FROM other.t AS t2 WHERE t.id = t2.id", "write", ""),
                f("MERGE INTO t USING u AS s ON t.id = s.id WHEN MATCHED THEN DELETE", "write", ""),
                f("DELETE FROM t WHERE id NOT IN (SELECT id FROM t)", "write", ""),
                f("DELETE FROM t WHERE id IN (SELECT id FROM t WHERE flag)", "write", ""),
                f("DELETE FROM t WHERE id IN (SELECT id FROM t ORDER BY id LIMIT 5)", "write", ""),
                f("DELETE FROM t WHERE id IN (SELECT parent FROM t)", "write", ""),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM t x WHERE x.id = t.id AND x.flag)", "write", ""),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM t x WHERE x.id > t.id)", "write", ""),
                f("DELETE FROM t WHERE NOT EXISTS (SELECT 1 FROM t x WHERE x.id = t.id)", "write", ""),
                // an alias hides its table's name: t here is the target row, not the subquery's
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM t AS o WHERE o.parent = t.id)", "write", ""),
                // a subquery or join condition reading the row, or a name that may be the row's, restricts
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = t.id)", "write", ""),
                f("DELETE FROM t x WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = x.id)", "write", ""),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.tid = id)", "write", ""),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM pg_class WHERE relname = name)", "write", ""),
                f("DELETE FROM t WHERE EXISTS (SELECT 1 FROM a JOIN b ON a.x = t.x)", "write", ""),
                f("DELETE FROM t WHERE id = 1 AND EXISTS (SELECT FROM pg_class)", "write", ""),
                f("UPDATE t SET a = 1 WHERE id = (SELECT max(id) FROM u)", "write", ""),
                f("UPDATE t SET a = 1 FROM u WHERE u.id = t.id", "write", ""),
                f("UPDATE t SET a = 1 FROM u WHERE id = 1", "write", ""),
                f("UPDATE t SET a = 1 FROM u WHERE t.id = id", "write", ""),
                f("DELETE FROM t USING u WHERE u.id = t.id", "write", ""),
                f("MERGE INTO t USING u ON u.id = t.id WHEN MATCHED THEN DELETE", "write", ""),
                f("MERGE INTO t x USING u ON u.id = x.id WHEN MATCHED AND u.del THEN DELETE", "write", ""),
                f("DELETE FROM t WHERE id > id", "write", ""),
                f("DELETE FROM t WHERE id = 1 OR false", "write", ""),
                f("DELETE FROM t WHERE false", "write", ""),
                f("DELETE FROM t WHERE NOT name IS NULL", "write", ""),
                f("DELETE FROM t WHERE id = \"ID\"", "write", ""),
                f("DELETE FROM t WHERE a IS NULL OR b IS NOT NULL", "write", ""),
                f("DELETE FROM t WHERE id = 5 AND (a OR true)", "write", ""),
                f("DELETE FROM t WHERE id BETWEEN 1 AND 5 AND 1 = 1", "write", ""),
                f("DELETE FROM t WHERE id = 5 RETURNING id = id", "write", ""),
                f("UPDATE t SET a = a WHERE b = 1", "write", ""),
                f("DELETE FROM t WHERE a = b", "write", ""),
                f("DELETE FROM t WHERE date = '2020-01-01'", "write", ""),
                f("UPDATE t SET a = 1 WHERE CAST(x AS int) = 1", "write", ""),
                f("TRUNCATE t", "write", "unbounded"),
                // MERGE changes every target row when its join condition restricts nothing, or through NOT MATCHED BY SOURCE
                f("MERGE INTO t USING u ON true WHEN MATCHED THEN DELETE", "write", "unbounded"),
                f("MERGE INTO t USING u ON 1 = 1 WHEN MATCHED THEN UPDATE SET a = 1", "write", "unbounded"),
                f("MERGE INTO t USING u ON t.id = t.id WHEN MATCHED THEN DELETE", "write", "unbounded"),
                f("MERGE INTO t USING a JOIN b ON a.x = b.x ON true WHEN MATCHED THEN DELETE", "write", "unbounded"),
                f("MERGE INTO t USING u ON t.id = u.id WHEN NOT MATCHED BY SOURCE THEN DELETE", "write", "unbounded"),
                f("MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE", "write", ""),
                f("MERGE INTO t USING u ON true WHEN MATCHED AND t.id = 5 THEN DELETE", "write", ""),
                f("MERGE INTO t USING u ON true WHEN NOT MATCHED THEN INSERT VALUES (1)", "write", ""),
                f("MERGE INTO t USING u ON t.id = u.id WHEN NOT MATCHED BY SOURCE AND t.id = 7 THEN DELETE", "write", ""),
                f("INSERT INTO t SELECT * FROM u", "write", ""),
                f("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "write", "cte-write,unbounded"),
                f("WITH d AS (DELETE FROM t WHERE id = 1 RETURNING *) SELECT * FROM d", "write", "cte-write"),
                f("WITH d AS (DELETE FROM t WHERE id = 1 RETURNING *) UPDATE u SET a = 1", "write", "cte-write,unbounded"),
                f("EXPLAIN ANALYZE DELETE FROM t", "write", "unbounded,analyze"),
                f("EXPLAIN ANALYZE SELECT 1", "read", "analyze"),
                f("EXPLAIN DELETE FROM t", "read", ""),
                f("SELECT * FROM t FOR UPDATE", "write", "locking"),
                f("SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED", "write", "locking"),
                f("SELECT * FROM t FOR KEY SHARE", "write", "locking"),
                f("SELECT * FROM (SELECT * FROM t FOR SHARE) s", "write", "locking"),
                f("SELECT substring('abc' FOR 2)", "read", ""),
                f("SELECT 1 INTO newtable", "ddl", "into"),
                f("INSERT INTO t VALUES (1)", "write", ""),
                f("COPY t FROM '/etc/passwd'", "admin", "server-file"),
                f("COPY t TO '/tmp/out'", "admin", "server-file,copy-out"),
                f("COPY t FROM STDIN", "copy-in", ""),
                f("COPY (DELETE FROM t RETURNING *) TO STDOUT", "write", "unbounded,copy-out"),
                f("PREPARE p AS DELETE FROM t", "write", "unbounded"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("flagCases")
    void flags(String sql, String kind, String flags) {
        SqlStatement s = Cases.single(sql);
        assertEquals(kind, s.kind().policyName(), sql);
        assertEquals(new LinkedHashSet<>(Cases.list(flags)), s.flags(), sql);
    }

    static Stream<Arguments> tableCases() {
        return Stream.of(
                Arguments.of("SELECT * FROM users", "users"),
                // After ONLY the relation may stand in parentheses, wherever a relation does
                Arguments.of("DELETE FROM ONLY (users) WHERE id = 1", "users"),
                Arguments.of("SELECT * FROM ONLY(billing.invoices) i JOIN ONLY ( users ) u USING (id)", "billing.invoices,users"),
                Arguments.of("UPDATE ONLY (users) SET a = 1 FROM ONLY (t) WHERE users.id = t.id", "users,t"),
                Arguments.of("TRUNCATE ONLY (users), ONLY (t)", "users,t"),
                Arguments.of("ALTER TABLE IF EXISTS ONLY (users) DROP COLUMN email", "users"),
                Arguments.of("MERGE INTO ONLY (users) u USING t ON u.id = t.id WHEN MATCHED THEN DELETE", "users,t"),
                Arguments.of("TABLE ONLY (users)", "users"),
                // database.schema.name is schema.name (only the current database is accepted there)
                Arguments.of("UPDATE app.billing.invoices SET paid = true WHERE id = 3", "billing.invoices"),
                Arguments.of("SELECT * FROM \"App\".\"Billing\".\"x.y\" JOIN app.public.t ON true", "Billing.x.y,public.t"),
                // DDL and DCL on a table name it, whatever the statement's own object is
                Arguments.of("CREATE TRIGGER tr AFTER UPDATE OF a OR DELETE ON s.customers FOR EACH ROW EXECUTE FUNCTION f()", "s.customers"),
                Arguments.of("DROP TRIGGER IF EXISTS tr ON customers", "customers"),
                Arguments.of("ALTER TRIGGER tr ON customers RENAME TO t2", "customers"),
                Arguments.of("CREATE POLICY p ON customers USING (true)", "customers"),
                Arguments.of("DROP POLICY p ON customers", "customers"),
                Arguments.of("DROP RULE r ON customers", "customers"),
                Arguments.of("CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION f()", ""),
                Arguments.of("COMMENT ON TABLE customers IS 'x'", "customers"),
                Arguments.of("COMMENT ON COLUMN s.customers.card IS 'x'", "s.customers"),
                Arguments.of("COMMENT ON COLUMN app.s.customers.card IS 'x'", "s.customers"),
                Arguments.of("COMMENT ON COLUMN customers.card IS 'x'", "customers"),
                Arguments.of("COMMENT ON POLICY p ON customers IS 'x'", "customers"),
                Arguments.of("COMMENT ON FUNCTION f(int) IS 'x'", ""),
                Arguments.of("SECURITY LABEL FOR selinux ON TABLE customers IS 'x'", "customers"),
                Arguments.of("GRANT SELECT (card) ON customers, orders TO x", "customers,orders"),
                Arguments.of("REVOKE GRANT OPTION FOR ALL ON TABLE customers FROM x", "customers"),
                Arguments.of("GRANT USAGE ON SCHEMA s TO x", ""),
                Arguments.of("GRANT admin TO app", ""),
                Arguments.of("CREATE STATISTICS st ON a, b FROM customers", "customers"),
                // CREATE SCHEMA's elements name what they would alone (a view's query reads through the search_path)
                Arguments.of("CREATE SCHEMA s CREATE VIEW v AS SELECT * FROM customers", "v,customers"),
                Arguments.of("CREATE SCHEMA s AUTHORIZATION bob CREATE TABLE t (a int) CREATE TRIGGER tr AFTER INSERT ON t EXECUTE FUNCTION f()", "t"),
                Arguments.of("CREATE TABLE x PARTITION OF customers FOR VALUES IN (1)", "x,customers"),
                Arguments.of("CREATE TABLE x (a int) INHERITS (customers, s.orders)", "x,customers,s.orders"),
                Arguments.of("ALTER TABLE ledger ATTACH PARTITION customers FOR VALUES IN (1)", "ledger,customers"),
                Arguments.of("ALTER TABLE x NO INHERIT customers", "x,customers"),
                // a foreign key installs triggers on the table it references: its deletes are refused or cascade from then on
                Arguments.of("CREATE TABLE kid (p int REFERENCES s.customers ON DELETE CASCADE, q int)", "kid,s.customers"),
                Arguments.of("CREATE TABLE kid (p int, FOREIGN KEY (p) REFERENCES customers (id))", "kid,customers"),
                Arguments.of("ALTER TABLE kid ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES app.public.customers", "kid,public.customers"),
                Arguments.of("CREATE PUBLICATION p FOR TABLE customers, ONLY orders", "customers,orders"),
                // a sequence OWNED BY a column is dropped with its table; LIKE copies another table's definition
                Arguments.of("ALTER SEQUENCE s OWNED BY customers.id", "customers"),
                Arguments.of("CREATE SEQUENCE IF NOT EXISTS s OWNED BY billing.customers.id", "billing.customers"),
                Arguments.of("ALTER SEQUENCE s OWNED BY app.billing.customers.id", "billing.customers"),
                Arguments.of("ALTER SEQUENCE s OWNED BY NONE", ""),
                Arguments.of("CREATE TABLE x (LIKE customers INCLUDING ALL)", "x,customers"),
                // RENAME TO makes the name this relation from then on; a foreign table's table_name is what it reaches
                Arguments.of("ALTER TABLE evil RENAME TO customers", "evil,customers"),
                Arguments.of("ALTER VIEW IF EXISTS s.v RENAME TO customers", "s.v,s.customers"),
                Arguments.of("ALTER TABLE t RENAME COLUMN customers TO b", "t"),
                Arguments.of("ALTER TABLE t RENAME customers TO b", "t"),
                Arguments.of("CREATE FOREIGN TABLE ft (id int) SERVER loop OPTIONS (schema_name 'billing', table_name 'customers')", "ft,billing.customers"),
                Arguments.of("ALTER FOREIGN TABLE ft OPTIONS (SET table_name 'customers')", "ft,customers"),
                Arguments.of("CREATE FOREIGN TABLE ft (id int OPTIONS (column_name 'customers')) SERVER loop", "ft"),
                Arguments.of("CREATE TEMP TABLE x (a int, LIKE s.customers, CHECK (b LIKE 'x%'))", "x,s.customers"),
                Arguments.of("ALTER PUBLICATION p ADD TABLE customers", "customers"),
                Arguments.of("CLUSTER VERBOSE customers USING i", "customers"),
                Arguments.of("REINDEX (VERBOSE) TABLE CONCURRENTLY customers", "customers"),
                Arguments.of("REINDEX INDEX i", ""),
                // TABLE x stands for SELECT * FROM x wherever a query may: after a set operator, as INSERT's source
                Arguments.of("SELECT 1 WHERE false UNION ALL TABLE customers", "customers"),
                Arguments.of("VALUES (1) INTERSECT TABLE ONLY s.customers", "s.customers"),
                Arguments.of("SELECT id FROM t EXCEPT TABLE customers ORDER BY 1", "t,customers"),
                Arguments.of("INSERT INTO t TABLE customers", "t,customers"),
                Arguments.of("INSERT INTO t (a) TABLE customers", "t,customers"),
                Arguments.of("SELECT * INTO TABLE x FROM customers", "x,customers"),
                // a WITH query's name hides a table only inside its own statement; a statement's target is a table always
                Arguments.of("WITH x AS (WITH customers AS (SELECT 1) SELECT 1) SELECT * FROM customers", "customers"),
                Arguments.of("SELECT * FROM (WITH c AS (SELECT 1) SELECT * FROM c) a, c", "c"),
                Arguments.of("DELETE FROM customers WHERE id IN (WITH customers AS (SELECT 1 AS id) SELECT id FROM customers)", "customers"),
                Arguments.of("WITH customers AS (SELECT 1) DELETE FROM customers WHERE id = 1", "customers"),
                Arguments.of("WITH c AS (SELECT 1) UPDATE c SET a = 1 FROM c AS d WHERE true", "c"),
                Arguments.of("WITH c AS (SELECT * FROM c) SELECT * FROM c", "c"),
                Arguments.of("WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT 1 FROM r) SELECT * FROM r", ""),
                Arguments.of("WITH a AS (SELECT 1), b AS (SELECT * FROM a) SELECT * FROM b, s.a", "s.a"),
                Arguments.of("WITH x AS (SELECT 1) SELECT * FROM (SELECT * FROM x) y", ""),
                Arguments.of("SELECT * FROM Public.Users u JOIN orders o ON o.uid = u.id", "public.users,orders"),
                Arguments.of("SELECT * FROM \"DELETE\"", "DELETE"),
                Arguments.of("SELECT * FROM \"MySchema\".\"T\"", "MySchema.T"),
                Arguments.of("SELECT * FROM a, b AS bb, c", "a,b,c"),
                Arguments.of("SELECT * FROM a JOIN b USING (id), c", "a,b,c"),
                Arguments.of("SELECT * FROM a LEFT JOIN (b JOIN c ON true) ON true", "a,b,c"),
                Arguments.of("SELECT * FROM t WHERE id IN (SELECT tid FROM u)", "t,u"),
                Arguments.of("SELECT (SELECT max(x) FROM s) FROM t", "s,t"),
                Arguments.of("SELECT * FROM generate_series(1, 3) g, t", "t"),
                Arguments.of("SELECT extract(year FROM ts), substring(s FROM 2) FROM t", "t"),
                Arguments.of("SELECT * FROM t WHERE a IS DISTINCT FROM b", "t"),
                Arguments.of("SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.id = t.id) x", "t,u"),
                Arguments.of("SELECT * FROM ONLY parent", "parent"),
                Arguments.of("SELECT * FROM a UNION SELECT * FROM b ORDER BY 1, 2", "a,b"),
                Arguments.of("WITH a AS (SELECT * FROM t) SELECT * FROM a, u", "t,u"),
                Arguments.of("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "t"),
                Arguments.of("SELECT * FROM users; SELECT * FROM users", "users"),
                Arguments.of("TABLE users", "users"),
                Arguments.of("INSERT INTO t (a, b) SELECT a, b FROM u", "t,u"),
                Arguments.of("UPDATE ONLY t SET a = 1 FROM u, v WHERE t.id = u.id", "t,u,v"),
                Arguments.of("DELETE FROM t USING u, v WHERE t.id = u.id", "t,u,v"),
                Arguments.of("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1", "t,s"),
                Arguments.of("TRUNCATE TABLE ONLY a, b *", "a,b"),
                Arguments.of("LOCK TABLE a, s.b IN SHARE MODE", "a,s.b"),
                Arguments.of("COPY s.t (a, b) FROM STDIN", "s.t"),
                Arguments.of("COPY (SELECT * FROM t JOIN u ON true) TO STDOUT", "t,u"),
                Arguments.of("ALTER TABLE IF EXISTS ONLY t ADD COLUMN c int", "t"),
                Arguments.of("DROP TABLE IF EXISTS a, b CASCADE", "a,b"),
                Arguments.of("CREATE TABLE n AS SELECT * FROM t", "n,t"),
                Arguments.of("CREATE TABLE IF NOT EXISTS x (id int)", "x"),
                Arguments.of("CREATE INDEX i ON ONLY t (a)", "t"),
                Arguments.of("SELECT 1 INTO TEMP newtable FROM t", "newtable,t"),
                Arguments.of("EXPLAIN SELECT * FROM t", "t"),
                Arguments.of("PREPARE p AS SELECT * FROM t", "t"),
                Arguments.of("DECLARE c CURSOR FOR SELECT * FROM t", "t"),
                Arguments.of("SELECT * FROM \"a.b\"", "a.b"),
                Arguments.of("SELECT 1", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tableCases")
    void tables(String sql, String tables) {
        SqlStatement s = SqlClassifier.classify(sql).get(0);
        assertEquals(Cases.list(tables), s.tables(), sql);
    }
}
