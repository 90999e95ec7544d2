package hoop.policy.sql;

/**
 * COPY. Direction decides COPY_IN vs COPY_OUT; PROGRAM always wins because it runs a shell
 * command on the database host, and a server file is ADMIN (flag "server-file"). For {@code COPY (query) TO ...} the query's own kind is
 * combined in, so {@code COPY (DELETE ... RETURNING *) TO STDOUT} is a WRITE (flag "copy-out")
 * rather than an innocent-looking export.
 */
final class Copy {

    private Copy() {
    }

    static void classify(Toks t, int from, int to, Analysis a) {
        int i = from + 1;
        if (t.word(i, "binary")) {
            i++;
        }
        Analysis inner = null;
        if (t.punct(i, "(")) {
            int c = Math.min(t.close(i), to);
            inner = new Analysis();
            Queries.analyze(t, i + 1, c, inner, true);
            i = c + 1;
        } else {
            StringBuilder n = new StringBuilder();
            int j = t.name(i, n);
            if (j == i) {
                a.unknown("COPY without a table or query");
                return;
            }
            a.table(n.toString());
            if (t.word(j, "from") || t.punct(j, "(") && t.word(t.close(j) + 1, "from")) {
                Catalogs.written(n.toString(), a);
            } else {
                // COPY pg_statistic TO reads the planner's samples of every table as SELECT * FROM pg_statistic does
                a.read(n.toString());
                Catalogs.read(n.toString(), a);
            }
            i = j;
            if (t.punct(i, "(")) {
                i = t.close(i) + 1;
            }
        }
        boolean in = t.word(i, "from");
        if (!in && !t.word(i, "to")) {
            a.unknown("COPY without FROM or TO");
            return;
        }
        if (in && inner != null) {
            a.unknown("COPY (query) FROM is not valid");
            return;
        }
        i++;
        if (inner == null) {
            // The table's rows are read or written whatever the other end is: a rule on its reads or writes meets them.
            a.access(in ? SqlKind.WRITE : SqlKind.READ);
        }
        SqlKind direction = in ? SqlKind.COPY_IN : SqlKind.COPY_OUT;
        if (t.word(i, "program")) {
            a.raise(SqlKind.COPY_PROGRAM);
        } else if (t.anyWord(i, "stdin", "stdout")) {
            a.raise(direction);
        } else if (t.get(i).type() == Token.Type.STRING) {
            // A file of the database host, read or written as the server's account: as pg_read_file and
            // pg_file_write do (a written postgresql.auto.conf runs its archive_command after a reload).
            a.raise(SqlKind.ADMIN);
            a.flag("server-file");
        } else {
            a.unknown("unrecognised COPY source or destination");
            return;
        }
        if (inner != null) {
            a.merge(inner);
        }
        Functions.scan(t, from, to, a);
        if (!in && a.kind() != SqlKind.COPY_OUT && a.kind() != SqlKind.COPY_PROGRAM && a.kind() != SqlKind.UNKNOWN) {
            a.flag("copy-out");
        }
    }
}
