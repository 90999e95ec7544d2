package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionIdsTest {
    @Test
    void acceptsIdsPrefixesAndTheDatabaseUser() {
        assertEquals("26fedbe9-4e9c-4a1b", SessionIds.normalize("26fedbe9-4e9c-4a1b"));
        assertEquals("26fedbe9", SessionIds.normalize("26fedbe9"));
        assertEquals("26fedbe9-4e9c", SessionIds.normalize("hoop_26fedbe94e9c"));
        assertEquals("26fedbe9-4e9c-4a1b-9f00-0123", SessionIds.normalize("26fedbe94e9c4a1b9f000123"));
    }
}
