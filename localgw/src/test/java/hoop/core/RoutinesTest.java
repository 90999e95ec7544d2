package hoop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A Routines set finds by its index exactly what a walk over the same entries finds. */
class RoutinesTest {

    private static final List<java.util.function.BinaryOperator<String>> PAIRS = List.of(Command::reaches, Command::writes,
            Command::dependedOn, Command::partOf, Command::referenced, Command::dependsOnSchema, Command::located);

    @Test
    void theIndexFindsWhatAWalkFinds() {
        Random r = new Random(7);
        List<String> names = List.of("t", "v", "orders", "billing.invoices", "a\0b", "", "x.y");
        for (int round = 0; round < 300; round++) {
            Set<String> entries = new HashSet<>();
            for (int i = r.nextInt(40); i > 0; i--) {
                String from = names.get(r.nextInt(names.size())), to = names.get(r.nextInt(names.size()));
                switch (r.nextInt(6)) {
                    case 0 -> entries.add(Command.reaches(from, null));
                    case 1 -> entries.add(Command.written(from));
                    case 2 -> entries.add(Command.onSearchPath(to));
                    case 3 -> entries.add(from);  // a routine's name
                    default -> entries.add(PAIRS.get(r.nextInt(PAIRS.size())).apply(from.replace("\0", ""), to));
                }
            }
            Set<String> more = new HashSet<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                more.add(PAIRS.get(r.nextInt(PAIRS.size())).apply(names.get(r.nextInt(3)), names.get(r.nextInt(names.size()))));
            }
            Set<String> both = new HashSet<>(entries);
            both.addAll(more);
            Routines indexed = Routines.plus(Routines.of(entries), more);
            assertEquals(both, indexed);
            assertEquals(both.size(), indexed.size());
            for (String from : names) {
                if (from.contains("\0")) continue;
                for (var pair : PAIRS) {
                    String head = pair.apply(from, "");
                    assertEquals(sorted(Routines.paired(both, head)), sorted(Routines.paired(indexed, head)), head);
                }
                assertEquals(sorted(Routines.reaching(both, from)), sorted(Routines.reaching(indexed, from)), from);
            }
            assertEquals(sorted(Command.searchPathSchemas(both)), sorted(Command.searchPathSchemas(indexed)));
        }
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }
}
