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
}
