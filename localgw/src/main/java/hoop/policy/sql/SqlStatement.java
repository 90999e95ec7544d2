package hoop.policy.sql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One classified statement. Collections are immutable copies and keep insertion order, so
 * audit logs and policy messages are deterministic.
 */
public record SqlStatement(String text,
                           SqlKind kind,
                           Set<String> flags,
                           List<String> tables,
                           List<String> unknownReasons) {

    public SqlStatement {
        Objects.requireNonNull(kind, "kind");
        text = text == null ? "" : text;
        flags = flags == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        tables = tables == null ? List.of() : List.copyOf(tables);
        unknownReasons = unknownReasons == null ? List.of() : List.copyOf(unknownReasons);
        // The gateway relies on this invariant to explain every refusal.
        if ((kind == SqlKind.UNKNOWN) == unknownReasons.isEmpty()) {
            throw new IllegalArgumentException("unknownReasons must be non-empty iff kind is UNKNOWN");
        }
    }
}
