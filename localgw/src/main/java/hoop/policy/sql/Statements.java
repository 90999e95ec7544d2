package hoop.policy.sql;

/**
 * Dispatch on a statement's leading keyword. Anything not recognised here is UNKNOWN: a new
 * or misspelt command must never fall through to a permissive kind.
 */
final class Statements {

    private Statements() {
    }

    static void classify(Toks t, int from, int to, Analysis a) {
        if (from >= to) {
            a.unknown("missing statement");
            return;
        }
        Token first = t.get(from);
        if (first.isPunct("(")) {
            query(t, from, to, a);
            return;
        }
        if (first.type() != Token.Type.IDENT) {
            a.unknown("statement does not begin with a keyword");
            return;
        }
        String w = first.value();
        switch (w) {
            case "select", "values", "table", "with", "insert", "update", "delete", "merge" -> query(t, from, to, a);
            case "truncate" -> {
                a.raise(SqlKind.WRITE);
                a.flag("unbounded");
                nameList(t, skip(t, from + 1, "table"), to, a);
            }
            case "explain" -> Wrappers.explain(t, from, to, a);
            case "prepare" -> Wrappers.prepare(t, from, to, a);
            case "declare" -> Wrappers.declare(t, from, to, a);
            case "copy" -> Copy.classify(t, from, to, a);
            case "execute", "call" -> {
                a.raise(SqlKind.PROCEDURAL);
                Functions.scan(t, from + 1, to, a);
            }
            case "do" -> {
                String lang = Guards.language(t, from + 1, to);
                // Code of an untrusted language runs as the server's account on the host, a program of its own.
                a.raise(lang != null && Guards.untrusted(lang) ? SqlKind.COPY_PROGRAM : SqlKind.PROCEDURAL);
            }
            case "fetch", "move", "show" -> a.raise(SqlKind.READ);
            case "close", "deallocate", "listen", "unlisten" -> a.raise(SqlKind.SESSION);
            // DISCARD ALL runs SET SESSION AUTHORIZATION DEFAULT and RESET ROLE among its steps: back to the login role.
            case "discard" -> a.raise(t.word(from + 1, "all") ? SqlKind.DCL : SqlKind.SESSION);
            // NOTIFY is a side effect visible to other sessions, so it is not mere session state.
            case "notify" -> a.raise(SqlKind.WRITE);
            case "set" -> Session.set(t, from, to, a);
            case "reset" -> Session.reset(t, from, to, a);
            case "begin", "commit", "end", "rollback", "abort", "savepoint", "release" -> {
                if (t.word(from + 1, "prepared")) {
                    prepared(t, from, a);
                } else {
                    a.raise(SqlKind.TRANSACTION);
                }
            }
            case "start" -> expect(t, from + 1, "transaction", SqlKind.TRANSACTION, a);
            case "vacuum", "analyze", "analyse" -> {
                a.raise(SqlKind.ADMIN);
                int i = from + 1;
                if (t.punct(i, "(")) {
                    i = t.close(i) + 1;
                }
                while (t.anyWord(i, "full", "freeze", "verbose", "analyze", "analyse")) {
                    i++;
                }
                nameList(t, i, to, a);
            }
            case "cluster", "reindex" -> {
                a.raise(SqlKind.ADMIN);
                int i = from + 1;
                if (t.punct(i, "(")) {
                    i = t.close(i) + 1;
                }
                boolean table = w.equals("cluster");   // CLUSTER [VERBOSE] t; REINDEX TABLE [CONCURRENTLY] t
                while (t.anyWord(i, "verbose", "table", "concurrently")) {
                    table |= t.word(i, "table");
                    i++;
                }
                if (table) {
                    nameList(t, i, to, a);
                }
            }
            case "checkpoint", "load" -> a.raise(SqlKind.ADMIN);
            case "lock" -> {
                // ACCESS SHARE is the lock every SELECT takes (pg_dump takes it on each table it dumps): it holds off
                // only ALTER/DROP/TRUNCATE/VACUUM FULL, as a long transaction's SELECT does. Any stronger mode (the
                // default is ACCESS EXCLUSIVE) can stop other sessions' reads or writes: admin.
                int in = t.findWord(from + 1, to, "in");
                boolean accessShare = in > 0 && t.word(in + 1, "access") && t.word(in + 2, "share") && t.word(in + 3, "mode");
                a.raise(accessShare ? SqlKind.READ : SqlKind.ADMIN);
                a.flag("table-lock");
                nameList(t, skip(t, from + 1, "table"), to, a);
            }
            case "grant", "revoke" -> {
                a.raise(SqlKind.DCL);
                Objects.granted(t, from, to, a);
            }
            case "reassign" -> {
                expect(t, from + 1, "owned", SqlKind.DCL, a);
                a.table(Ddl.EVERY_TABLE); // every table the roles own, given away
            }
            case "create" -> {
                Ddl.create(t, from, to, a);
                Functions.bindsRoutine(t, from, to, a);
            }
            case "alter" -> {
                Ddl.alter(t, from, to, a);
                Functions.bindsRoutine(t, from, to, a);
            }
            case "drop" -> Ddl.drop(t, from, to, a);
            case "comment" -> {
                expect(t, from + 1, "on", SqlKind.DDL, a);
                Objects.described(t, from + 2, to, a);
            }
            case "security" -> {
                // A label is what a label provider decides access by: sepgsql's mandatory access control, the anon
                // extension's MASKED WITH rules on columns and roles. Access control, as GRANT is.
                expect(t, from + 1, "label", SqlKind.DCL, a);
                Objects.described(t, t.findWord(from, to, "on") + 1, to, a);
            }
            case "import" -> {
                expect(t, from + 1, "foreign", SqlKind.DDL, a);
                // LIMIT TO (a, b): foreign tables named as the remote ones are made, reaching them (this very server's
                // through a loopback); their names are what a policy's tables see.
                int limit = t.findWord(from, to, "limit");
                if (limit > 0 && t.word(limit + 1, "to") && t.punct(limit + 2, "(")) {
                    nameList(t, limit + 3, t.close(limit + 2), a);
                }
            }
            // Re-runs a stored query and replaces the data; reported as DDL like the view it maintains.
            case "refresh" -> {
                expect(t, from + 1, "materialized", SqlKind.DDL, a);
                int i = from + 3;
                if (t.word(i, "concurrently")) {
                    i++;
                }
                nameList(t, i, to, a);
                // It runs the view's query again: a stored routine that query reaches runs too.
                Functions.scan(t, from, to, a);
            }
            default -> a.unknown("unrecognised statement keyword '" + w + "'");
        }
    }

    /**
     * COMMIT / ROLLBACK PREPARED 'gid' finish a two-phase transaction that any session of the same user (or a
     * superuser's, for a superuser) prepared, an application's included: committing makes writes durable whose statements
     * no text hoop judged shows; rolling back discards another session's work, as cancelling its backend would.
     */
    private static void prepared(Toks t, int from, Analysis a) {
        if (t.word(from, "commit")) {
            a.unknown("COMMIT PREPARED makes durable the writes of a prepared transaction, statements this text does not show");
        } else if (t.word(from, "rollback")) {
            a.raise(SqlKind.ADMIN);
        } else {
            a.unknown("unrecognised statement '" + t.get(from).value() + " PREPARED'");
        }
    }

    private static void query(Toks t, int from, int to, Analysis a) {
        Queries.analyze(t, from, to, a, true);
        Functions.scan(t, from, to, a);
    }

    private static void expect(Toks t, int i, String word, SqlKind kind, Analysis a) {
        if (t.word(i, word)) {
            a.raise(kind);
        } else {
            a.unknown("expected " + word.toUpperCase(java.util.Locale.ROOT) + " after '" + t.get(i - 1).value() + "'");
        }
    }

    private static int skip(Toks t, int i, String optional) {
        return t.word(i, optional) ? i + 1 : i;
    }

    /** Comma-separated relation names ([ONLY] name [*] [(columns)]), as in TRUNCATE, LOCK, VACUUM, DROP. */
    static int nameList(Toks t, int i, int to, Analysis a) {
        while (i < to) {
            if (t.word(i, "only")) {
                i++;
            }
            StringBuilder n = new StringBuilder();
            int j = t.relationName(i, n);
            if (j == i) {
                return i;
            }
            a.table(n.toString());
            i = j;
            if (t.get(i).isOp("*")) {
                i++;
            }
            if (t.punct(i, "(")) {
                i = t.close(i) + 1;
            }
            if (!t.punct(i, ",")) {
                return i;
            }
            i++;
        }
        return i;
    }
}
