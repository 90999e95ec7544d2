package hoop.policy.sql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One classified statement. Collections are immutable copies and keep insertion order, so
 * audit logs and policy messages are deterministic. kind is the strictest the statement is; alsoShown the other
 * kinds it showed on the way (a read that locks rows is also a read), which policy judges it as too.
 */
public record SqlStatement(String text,
                           SqlKind kind,
                           Set<String> flags,
                           List<String> tables,
                           List<String> unknownReasons,
                           Set<SqlKind> alsoShown) {

    public SqlStatement {
        Objects.requireNonNull(kind, "kind");
        text = text == null ? "" : text;
        flags = flags == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        tables = tables == null ? List.of() : List.copyOf(tables);
        unknownReasons = unknownReasons == null ? List.of() : List.copyOf(unknownReasons);
        if (alsoShown == null || alsoShown.isEmpty() || alsoShown.equals(Set.of(kind))) {
            alsoShown = Set.of();
        } else {
            java.util.EnumSet<SqlKind> also = java.util.EnumSet.copyOf(alsoShown);
            also.remove(kind);
            alsoShown = Collections.unmodifiableSet(also);
        }
        // The gateway relies on this invariant to explain every refusal.
        if ((kind == SqlKind.UNKNOWN) == unknownReasons.isEmpty()) {
            throw new IllegalArgumentException("unknownReasons must be non-empty iff kind is UNKNOWN");
        }
    }

    /** A statement that showed no kind but its strictest. */
    public SqlStatement(String text, SqlKind kind, Set<String> flags, List<String> tables, List<String> unknownReasons) {
        this(text, kind, flags, tables, unknownReasons, Set.of());
    }
}
