package hoop.policy.sql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One classified statement. Collections are immutable copies and keep insertion order, so
 * audit logs and policy messages are deterministic.
 *
 * <p>Evidence escalates the kind (a SELECT calling pg_advisory_lock is session state, CREATE TABLE AS is ddl, COPY FROM
 * is copy-in, INSERT ... SELECT a write), but the rows are read or written all the same, and a policy rule on a table's
 * reads or writes must meet them: {@code access} is what the statement's queries do to rows at most (read or write) when
 * its kind says something else, null when it does not; {@code read} the relations whose rows it reads when its kind is
 * not read (a FROM item, RETURNING's target), empty when it is. {@code defines}: the statement changes the definition of
 * what it names (ddl) under a stricter kind (CREATE POLICY, ALTER TABLE ... DROP COLUMN c, ENABLE ROW LEVEL SECURITY are
 * dcl): a rule on the ddl of a table must meet it still. {@code calls}: the statement runs a stored routine or code no
 * statement shows (an event trigger's on GRANT, a trigger's on a write beside pg_terminate_backend()) under a stricter
 * kind (dcl, admin): a rule on procedural code must meet it still.
 */
public record SqlStatement(String text,
                           SqlKind kind,
                           Set<String> flags,
                           List<String> tables,
                           List<String> unknownReasons,
                           SqlKind access,
                           List<String> read,
                           boolean defines,
                           boolean calls) {

    public SqlStatement(String text, SqlKind kind, Set<String> flags, List<String> tables, List<String> unknownReasons) {
        this(text, kind, flags, tables, unknownReasons, null, List.of(), false, false);
    }

    public SqlStatement {
        Objects.requireNonNull(kind, "kind");
        text = text == null ? "" : text;
        flags = flags == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        tables = tables == null ? List.of() : List.copyOf(tables);
        unknownReasons = unknownReasons == null ? List.of() : List.copyOf(unknownReasons);
        read = read == null ? List.of() : List.copyOf(read);
        // The gateway relies on this invariant to explain every refusal.
        if ((kind == SqlKind.UNKNOWN) == unknownReasons.isEmpty()) {
            throw new IllegalArgumentException("unknownReasons must be non-empty iff kind is UNKNOWN");
        }
    }
}
