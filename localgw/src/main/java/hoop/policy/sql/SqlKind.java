package hoop.policy.sql;

import java.util.Locale;
import java.util.Optional;

/**
 * What a statement does, as far as policy is concerned.
 *
 * <p>Each kind carries a severity used to combine evidence: when one statement shows traits
 * of several kinds (a SELECT that calls {@code pg_terminate_backend}, a COPY whose query is a
 * DELETE), the more dangerous kind wins so that a policy can never be bypassed by wrapping.
 */
public enum SqlKind {
    READ("read", 0),
    WRITE("write", 4),
    DDL("ddl", 6),
    DCL("dcl", 8),
    ADMIN("admin", 9),
    TRANSACTION("transaction", 1),
    SESSION("session", 2),
    COPY_OUT("copy-out", 3),
    COPY_IN("copy-in", 5),
    COPY_PROGRAM("copy-program", 10),
    PROCEDURAL("procedural", 7),
    UNKNOWN("unknown", 11);

    private final String policyName;
    private final int severity;

    SqlKind(String policyName, int severity) {
        this.policyName = policyName;
        this.severity = severity;
    }

    public String policyName() {
        return policyName;
    }

    /** Accepts the policy name in any case, and {@code _} in place of {@code -}, since policy files are hand-written. */
    public static Optional<SqlKind> fromPolicyName(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String wanted = s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SqlKind k : values()) {
            if (k.policyName.equals(wanted)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    int severity() {
        return severity;
    }

    static SqlKind stricter(SqlKind a, SqlKind b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.severity > a.severity ? b : a;
    }
}
