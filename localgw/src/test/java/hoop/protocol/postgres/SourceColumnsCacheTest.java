package hoop.protocol.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceColumnsCacheTest {

    @Test
    void aReadThatBeganBeforeASchemaChangeIsNotShared() {
        SourceColumns.Cache cache = new SourceColumns.Cache();
        SourceColumns before = new SourceColumns(cache.generation());
        cache.changed();   // a CREATE went through while that read was on its way
        cache.put(before);
        assertNull(cache.fresh(), "the next connection reads the catalog again");
        SourceColumns after = new SourceColumns(cache.generation());
        cache.put(after);
        assertSame(after, cache.fresh());
    }

    @Test
    void routinesDefinedThroughTheEndpointAccumulate() {
        SourceColumns.Cache cache = new SourceColumns.Cache();
        assertEquals(Set.of(), cache.defined());
        cache.defined(List.of("a"));
        Set<String> first = cache.defined();
        cache.defined(List.of("a"));
        assertSame(first, cache.defined(), "nothing new: the set a connection holds stays valid");
        cache.defined(List.of("b"));
        assertEquals(Set.of("a", "b"), cache.defined());
    }
    /**
     * The list of routines defined through hoop is bounded; a routine past the bound went unlisted, so connections
     * whose catalog read is older judged a call of it as a read. Now their reads stop counting instead.
     */
    @Test
    void routinesPastTheBoundMakeOlderReadsStale() {
        SourceColumns.Cache cache = new SourceColumns.Cache();
        SourceColumns old = new SourceColumns(cache.generation());
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < SourceColumns.MAX_COLUMNS; i++) many.add("f" + i);
        cache.defined(many);
        assertEquals(false, cache.stale(old.generation), "at the bound every name is still listed");
        cache.defined(List.of("wipe"));
        assertEquals(true, cache.stale(old.generation), "past it, a read older than the overflow no longer counts");
        assertEquals(Set.of("wipe"), cache.defined());
        assertEquals(false, cache.stale(new SourceColumns(cache.generation()).generation), "a read made after does");
    }
    /**
     * Two endpoints of one upstream database (a migrations connection and a read-only one): a function made through
     * the first was called through the second as a read while the second's catalog read was fresh. A change through
     * either now counts for both; another database's endpoints keep their reads.
     */
    @Test
    void endpointsOfOneDatabaseShareTheirChanges() {
        SourceColumns.Cache migrations = SourceColumns.Cache.of(45001, "app");
        SourceColumns.Cache readOnly = SourceColumns.Cache.of(45001, "app");
        SourceColumns.Cache other = SourceColumns.Cache.of(45001, "other");
        SourceColumns read = new SourceColumns(readOnly.generation());
        readOnly.put(read);
        SourceColumns otherRead = new SourceColumns(other.generation());
        other.put(otherRead);
        assertSame(read, readOnly.fresh());
        migrations.changed();
        migrations.defined(List.of("sneaky"));
        assertNull(readOnly.fresh(), "the read-only endpoint's next connection reads the catalog again");
        assertEquals(true, read.generation != readOnly.generation(), "its open connections read it before their next statement");
        assertEquals(Set.of("sneaky"), migrations.defined());
        assertEquals(Set.of(), readOnly.defined(), "names defined stay the endpoint's: the catalog read again lists them");
        assertSame(otherRead, other.fresh());
    }
}
