package hoop.protocol.postgres;

import hoop.guard.GuardedConnection;
import hoop.core.CopiedTable;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Column rules on the rows of {@code COPY table (a, b) TO STDOUT} (pg_dump's, psql's {@code \copy}): each row is the
 * listed columns' values in order, so the field of a ruled column is unescaped (text format) or unquoted (CSV), masked
 * as that column's value is in a DataRow, and written back. The detectors run over the rows afterwards as before.
 * Rows are cut at their end, which a CopyData need not be: a partial row waits for the rest (one row's memory).
 */
final class CopyColumns {
    private final CopiedTable table;
    /** Per listed column, its rule's masker; null for a column no rule covers. */
    private final GuardedConnection.ValueMasker[] maskers;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean headerDue;
    /** CSV: inside a quoted field of the pending bytes, where a newline is data. */
    private boolean quoted;
    private int scanned;

    CopyColumns(CopiedTable table, GuardedConnection.ValueMasker[] maskers) {
        this.table = table;
        this.maskers = maskers;
        this.headerDue = table.header();
    }

    /**
     * The plan for {@code sql}'s rows, or null when it is not a table COPY whose columns are each either ruled by name or
     * plain: a generated column computed from a ruled one, or one of a type holding a ruled column (a row of
     * customers), holds ruled values under another name, and a catalog read older than the endpoint's last schema
     * change ({@code generation}; -1 to skip the check) may not know the table; such a COPY stays refused when it reads
     * a ruled table.
     */
    static CopyColumns plan(String sql, SourceColumns sources, long generation, GuardedConnection conn) {
        CopiedTable table = conn.copiedTable(sql);
        if (table == null || generation >= 0 && sources.generation != generation) return null;
        if (table.columns().isEmpty()) {
            List<String> all = sources.copyColumns(table.relation());
            if (all == null) return null;
            table = new CopiedTable(table.relation(), all, table.csv(), table.delimiter(), table.header());
        }
        if (sources.typedAsRuled(table.relation(), table.columns())) return null;
        List<String> words = StatementWords.words(sql);
        GuardedConnection.ValueMasker[] maskers = new GuardedConnection.ValueMasker[table.columns().size()];
        for (int i = 0; i < maskers.length; i++) {
            String column = table.columns().get(i);
            if (conn.hasColumnRule(column)) maskers[i] = conn.columnMasker(column, column);
            else if (sources.computedColumn(column, words)) return null;
        }
        return new CopyColumns(table, maskers);
    }

    /** Every field masked with m: what a plan can no longer tell apart. */
    static CopyColumns everyField(CopiedTable table, GuardedConnection.ValueMasker m) {
        GuardedConnection.ValueMasker[] maskers = new GuardedConnection.ValueMasker[Math.max(table.columns().size(), 1)];
        java.util.Arrays.fill(maskers, m);
        return new CopyColumns(table, maskers);
    }

    /** The fields a row has by this plan. */
    int fields() {
        return maskers.length;
    }

    /** The whole rows that data completes, masked; an empty array while a row is still partial. */
    byte[] feed(byte[] data) {
        pending.write(data, 0, data.length);
        byte[] buf = pending.toByteArray();
        int rowStart = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length + 16);
        for (int i = scanned; i < buf.length; i++) {
            byte b = buf[i];
            if (table.csv() && b == '"') {
                quoted = !quoted; // a doubled quote inside a field flips twice
            } else if (b == '\n' && !quoted) {
                row(buf, rowStart, i, out);
                out.write('\n');
                rowStart = i + 1;
            }
        }
        pending.reset();
        pending.write(buf, rowStart, buf.length - rowStart);
        scanned = buf.length - rowStart;
        return out.toByteArray();
    }

    /** What is left when the copy ends: a last row without its newline (or text's "\." end marker), masked. */
    byte[] finish() {
        byte[] buf = pending.toByteArray();
        pending.reset();
        scanned = 0;
        if (buf.length == 0) return buf;
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length + 16);
        row(buf, 0, buf.length, out);
        return out.toByteArray();
    }

    private void row(byte[] buf, int from, int to, ByteArrayOutputStream out) {
        int end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        if (headerDue) {
            headerDue = false;
            out.write(buf, from, to - from);
            return;
        }
        if (!table.csv() && end - from == 2 && buf[from] == '\\' && buf[from + 1] == '.') {
            out.write(buf, from, to - from);
            return;
        }
        int field = 0;
        int start = from;
        boolean inQuotes = false;
        for (int i = from; i <= end; i++) {
            boolean last = i == end;
            if (!last && table.csv() && buf[i] == '"') {
                inQuotes = !inQuotes;
                continue;
            }
            if (!last && !table.csv() && buf[i] == '\\' && i + 1 < end) {
                i++; // an escaped byte: \<delimiter> is data (and \\ a backslash)
                continue;
            }
            if (!last && (inQuotes || buf[i] != table.delimiter())) continue;
            field(field, buf, start, i, out);
            if (!last) out.write(table.delimiter());
            field++;
            start = i + 1;
        }
        out.write(buf, end, to - end);
    }

    private void field(int index, byte[] buf, int from, int to, ByteArrayOutputStream out) {
        // A row with more fields than columns is not what was planned: its extra fields are masked as any ruled one.
        GuardedConnection.ValueMasker m = index < maskers.length ? maskers[index] : firstRuled();
        if (m == null || isNull(buf, from, to)) {
            out.write(buf, from, to - from);
            return;
        }
        byte[] value = table.csv() ? unquote(buf, from, to) : unescape(buf, from, to);
        byte[] masked = m.mask(value, 0, value.length);
        byte[] shown = masked != null ? masked : value;
        byte[] written = table.csv() ? quote(shown) : escape(shown);
        out.write(written, 0, written.length);
    }

    private GuardedConnection.ValueMasker firstRuled() {
        for (GuardedConnection.ValueMasker m : maskers) if (m != null) return m;
        return null;
    }

    /** The default markers only (CopyOptions.copiedTable refuses others): \N in text, an unquoted empty field in CSV. */
    private boolean isNull(byte[] buf, int from, int to) {
        return table.csv() ? from == to : to - from == 2 && buf[from] == '\\' && buf[from + 1] == 'N';
    }

    /** Text format's escapes, as COPY FROM reads them: \b \f \n \r \t \v, octal \ooo, hex \xhh, any other char itself. */
    static byte[] unescape(byte[] buf, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != '\\' || i + 1 >= to) {
                out.write(b);
                continue;
            }
            byte c = buf[++i];
            switch (c) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case 'x' -> {
                    int v = 0;
                    int n = 0;
                    while (n < 2 && i + 1 < to && Character.digit(buf[i + 1], 16) >= 0) {
                        v = v * 16 + Character.digit(buf[++i], 16);
                        n++;
                    }
                    if (n == 0) out.write('x');
                    else out.write(v);
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        for (int n = 1; n < 3 && i + 1 < to && buf[i + 1] >= '0' && buf[i + 1] <= '7'; n++) v = v * 8 + buf[++i] - '0';
                        out.write(v);
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        return out.toByteArray();
    }

    /** As COPY TO writes a value: its control characters by letter, a backslash doubled, the delimiter escaped. */
    private byte[] escape(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        for (byte b : value) {
            switch (b) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                case '\f' -> out.writeBytes(new byte[] {'\\', 'f'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case 0x0b -> out.writeBytes(new byte[] {'\\', 'v'});
                default -> {
                    if (b == table.delimiter()) out.write('\\');
                    out.write(b);
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] unquote(byte[] buf, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        boolean in = false;
        for (int i = from; i < to; i++) {
            if (buf[i] != '"') {
                out.write(buf[i]);
            } else if (in && i + 1 < to && buf[i + 1] == '"') {
                out.write('"');
                i++;
            } else {
                in = !in;
            }
        }
        return out.toByteArray();
    }

    /** Always quoted: an empty masked value must not read as NULL, and a quote, delimiter or newline stays data. */
    private static byte[] quote(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 2);
        out.write('"');
        for (byte b : value) {
            if (b == '"') out.write('"');
            out.write(b);
        }
        out.write('"');
        return out.toByteArray();
    }
}
