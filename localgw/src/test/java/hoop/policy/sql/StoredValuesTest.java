package hoop.policy.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredValuesTest {

    /** target <- the test's column and relation names feeding it (sorted), * when implicit, ? when anything. */
    private static List<String> flows(String sql) {
        List<String> out = new ArrayList<>();
        for (StoredValues.Flow f : StoredValues.of(sql)) {
            List<String> fed = f.words().stream().filter(w -> List.of("name", "secret", "salary", "notes", "id", "people", "p").contains(w)).distinct().sorted().toList();
            out.add(f.target() + "<-" + String.join(",", fed) + (f.implicit() ? " *" : "") + (f.anything() ? " ?" : ""));
        }
        return out;
    }

    @Test
    void insertSelectMapsEachListedColumnToItsItem() {
        assertEquals(List.of("note<-name,people"), flows("INSERT INTO audit_log(note) SELECT name FROM people"));
        assertEquals(List.of("id<-id,people", "name<-name,people"), flows("INSERT INTO archive (id, name) SELECT id, name FROM people WHERE secret = 'x'"));
        assertEquals(List.of("note<-name,people"), flows("insert into audit_log as a (note) select upper(name) || '' from people"));
        // No column list: the table's columns are not in the text.
        assertEquals(List.of("null<-name,people"), flows("INSERT INTO log SELECT name FROM people"));
        // A set operation or a WITH: every item may reach every column.
        assertEquals(List.of("a<-id,name,people", "b<-id,name,people"), flows("INSERT INTO t (a, b) SELECT id, 'x' FROM people UNION SELECT 1, name FROM people"));
    }

    /** target: whether its value is a column reference as it is, nothing else in the statement computing. */
    private static List<String> bare(String sql) {
        return StoredValues.of(sql).stream().map(f -> f.target() + ":" + f.bare()).toList();
    }

    @Test
    void aValueIsBareOnlyWhenItIsAColumnAsItIsAndNothingElseComputes() {
        assertEquals(List.of("a:true", "b:true", "c:true"),
                bare("INSERT INTO t (a, b, c) SELECT card, p.card, card AS x FROM people p WHERE upper(name) IN ('X', 'Y')"));
        assertEquals(List.of("card_x:true", "k:false"), bare("CREATE TABLE m AS SELECT card AS card_x, substr(card, 1, 12) AS k FROM people"));
        assertEquals(List.of("card:true", "card:false"), bare("UPDATE people SET card = card_b, card = reverse(card) WHERE id = 1 RETURNING upper(card)"));
        assertEquals(List.of("card:false"), bare("UPDATE people SET card = card::bigint % 10000 WHERE id = 1"));
        // A plain name may stand for what a subquery, a WITH or a join's call computed.
        assertEquals(List.of("a:false"), bare("INSERT INTO t (a) SELECT card FROM (SELECT substr(card, 1, 12) AS card FROM people) s"));
        assertEquals(List.of("a:false"), bare("WITH s AS (SELECT reverse(card) AS card FROM people) INSERT INTO t (a) SELECT card FROM s"));
        assertEquals(List.of("a:false"), bare("INSERT INTO t (a) SELECT x FROM people, LATERAL substr(card, 1, 8) x"));
        assertEquals(List.of("a:false"), bare("MERGE INTO t USING (SELECT reverse(card) AS card FROM people) s ON true WHEN NOT MATCHED THEN INSERT (a) VALUES (s.card)"));
        // A join's USING list computes nothing.
        assertEquals(List.of("a:true"), bare("INSERT INTO t (a) SELECT p.card FROM people p JOIN orders o USING (id, ref)"));
        // Not spelled out, or mapped to no column: no copy as it is.
        assertEquals(List.of("null:false"), bare("INSERT INTO t SELECT card FROM people"));
        assertEquals(List.of("a:false"), bare("INSERT INTO t (a) SELECT card FROM people UNION SELECT card FROM people"));
    }

    @Test
    void valuesRowsMapByPosition() {
        assertEquals(List.of("a<-", "b<-name,people", "a<-", "b<-"),
                flows("INSERT INTO t (a, b) VALUES (1, (SELECT name FROM people LIMIT 1)), ('x', 'name')"));
    }

    @Test
    void whereOnlyPicksRowsButASubqueryFeedsWhatItReturns() {
        assertEquals(List.of("msg<-people"), flows("INSERT INTO log (msg) SELECT 'x' FROM people WHERE secret LIKE 'a%' AND name = 'b'"));
        assertEquals(List.of("msg<-people,secret"), flows("INSERT INTO log (msg) SELECT 'x' FROM people WHERE id = 1 UNION SELECT secret FROM people"));
        assertEquals(List.of("notes<-"), flows("UPDATE people SET notes = 'x' WHERE secret = 'y' RETURNING secret"));
    }

    @Test
    void updateSetAndFromFeedTheirTargets() {
        assertEquals(List.of("notes<-secret", "name<-name"), flows("UPDATE people SET notes = secret, name = upper(name) WHERE id = 1"));
        assertEquals(List.of("msg<-notes,p,people"), flows("UPDATE log l SET msg = p.notes FROM people p WHERE p.id = l.id"));
        assertEquals(List.of("a<-name,people", "b<-name,people"), flows("UPDATE t SET (a, b) = (SELECT name, 1 FROM people)"));
        // Not writes here: a row lock and a foreign key's action.
        assertEquals(List.of(), flows("SELECT name FROM people FOR UPDATE"));
        assertEquals(List.of(), flows("CREATE TABLE k (id int REFERENCES people ON UPDATE CASCADE)"));
    }

    @Test
    void mergeUpsertAndDataModifyingWith() {
        assertEquals(List.of("msg<-id,name,p,people", "msg<-id,name,p,people"),
                flows("MERGE INTO log l USING people p ON l.id = p.id WHEN MATCHED THEN UPDATE SET msg = p.name"
                        + " WHEN NOT MATCHED THEN INSERT (msg) VALUES (p.name)"));
        // The upsert's DO UPDATE SET stores into the row it finds, not the one it proposes.
        assertEquals(List.of("name<-", "notes<-people,secret"),
                flows("INSERT INTO people (name) VALUES ('n') ON CONFLICT (id) DO UPDATE SET notes = people.secret"));
        assertEquals(List.of("msg<-secret"),
                flows("WITH u AS (UPDATE people SET notes = notes RETURNING secret AS k) INSERT INTO log (msg) SELECT k FROM u").subList(1, 2));
        // A write's own RETURNING hands its rows to the rest of the statement, never into that write.
        assertEquals(List.of("notes<-"), flows("WITH u AS (UPDATE people SET notes = now() WHERE id = 3 RETURNING secret) SELECT 1 FROM u"));
        assertEquals(List.of("notes<-"), flows("WITH u AS (UPDATE people SET notes = 'x' RETURNING people.*) SELECT 1 FROM u"));
        assertEquals(List.of("msg<-"), flows("WITH u AS (INSERT INTO log (msg) VALUES ('x') RETURNING (SELECT secret FROM people LIMIT 1)) SELECT 1 FROM u"));
        // ... but it feeds another write of the statement.
        assertEquals(List.of("notes<-secret", "null<-secret"),
                flows("WITH u AS (UPDATE people SET notes = 'x' RETURNING secret) INSERT INTO log SELECT secret FROM u"));
        assertEquals(List.of("notes<-", "msg<-secret *"),
                flows("WITH u AS (UPDATE people SET notes = 'x' RETURNING *) INSERT INTO log (msg) SELECT u.secret FROM u"));
    }

    @Test
    void theTextForWholeRowsLeavesOutWhatOnlyPicksOrReturns() {
        StoredValues.Flow f = StoredValues.of("UPDATE people p SET notes = notes WHERE p::text <> '' RETURNING p").get(0);
        assertEquals("UPDATE people p SET notes = notes ", f.text());
        assertEquals("UPDATE people p SET notes = p :: text ", StoredValues.of("UPDATE people p SET notes = p::text").get(0).text());
        // Another write's table: its RETURNING inside a WITH may hand on its whole rows.
        List<StoredValues.Flow> two = StoredValues.of("WITH x AS (INSERT INTO archive AS a (id) SELECT 1 RETURNING a::text AS t) INSERT INTO log (msg) SELECT t FROM x");
        assertEquals(List.of("log"), two.get(0).others());
        assertEquals(List.of("archive"), two.get(1).others());
    }

    @Test
    void newTablesAreNamedAfterTheirItems() {
        assertEquals(List.of("n<-name,p,people", "id<-id,p,people"), flows("CREATE TEMP TABLE t AS SELECT name AS n, p.id FROM people p"));
        assertEquals(List.of("a<-name,people"), flows("CREATE TABLE t (a) AS SELECT upper(name) FROM people"));
        assertEquals(List.of("null<-name,people"), flows("CREATE TABLE t AS SELECT upper(name) FROM people"));
        assertEquals(List.of("null<-people *"), flows("CREATE UNLOGGED TABLE t AS TABLE people"));
        assertEquals(List.of("name<-name,people", "null<-people,secret"), flows("SELECT name, secret || '' INTO TEMP archive FROM people"));
        assertEquals(List.of("null<-people *"), flows("SELECT * INTO archive FROM people"));
        assertEquals(List.of("null<- ?"), flows("CREATE TABLE t AS EXECUTE q"));
        assertEquals(List.of(), flows("CREATE TABLE t (id int, name text)"));
        assertEquals(List.of(), flows("SELECT count(*) FROM people"));
    }

    @Test
    void copyToAFileAndAlterUsing() {
        assertEquals(List.of("null<-people *"), flows("COPY people TO '/tmp/x'"));
        assertEquals(List.of("null<-id,notes,people"), flows("COPY people (id, notes) TO PROGRAM 'cat'"));
        assertEquals(List.of("null<-people,secret"), flows("COPY (SELECT secret FROM people) TO '/tmp/x'"));
        assertEquals(List.of(), flows("COPY people TO STDOUT"));
        assertEquals(List.of(), flows("COPY people FROM '/tmp/x'"));
        assertEquals(List.of("null<-people,secret"), flows("EXPLAIN ANALYZE CREATE TABLE t AS SELECT secret || '' FROM people"));
        // A renamed column keeps its values under the new name; the table's own rename moves no value.
        assertEquals(List.of("notes<-people,secret"), flows("ALTER TABLE people RENAME COLUMN secret TO notes"));
        assertEquals(List.of("k<-secret"), flows("ALTER TYPE contact RENAME ATTRIBUTE secret TO k"));
        assertEquals(List.of(), flows("ALTER TABLE people RENAME TO persons"));
        assertEquals(List.of(), flows("ALTER VIEW staff RENAME COLUMN word TO w"));
        assertEquals(List.of("notes<-people,secret"), flows("ALTER TABLE people ALTER COLUMN notes TYPE text USING secret"));
    }

    @Test
    void foundInsideOtherStatementsAndLiteralsAreNotNames() {
        assertEquals(List.of("msg<-name"), flows("EXPLAIN ANALYZE INSERT INTO log (msg) VALUES (name)"));
        assertEquals(List.of("msg<-name,p"), flows("PREPARE p AS INSERT INTO log (msg) SELECT name"));
        assertEquals(List.of("msg<-"), flows("INSERT INTO log (msg) VALUES ('the name and secret')"));
        assertTrue(flows("CREATE RULE r AS ON UPDATE TO people DO ALSO INSERT INTO log (msg) VALUES (new.name)").get(0).contains("name"));
        // A rule's NEW and a trigger's rows are whole rows of their table.
        assertEquals(List.of("msg<-people *"), flows("CREATE RULE r AS ON UPDATE TO people DO ALSO INSERT INTO log (msg) VALUES (new::text)"));
        assertEquals(List.of("null<-people *"), flows("CREATE TRIGGER t AFTER UPDATE ON public.people FOR EACH ROW EXECUTE FUNCTION f()"));
        assertEquals(List.of(), flows("CREATE TABLE t (a int)"));
        assertFalse(StoredValues.of("INSERT INTO log (msg) VALUES ('unterminated").isEmpty());
        assertTrue(StoredValues.of("INSERT INTO log (msg) VALUES ('unterminated").get(0).anything());
    }
}
