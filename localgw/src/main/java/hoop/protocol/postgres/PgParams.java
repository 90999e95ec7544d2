package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The parameter values of a Bind as an approver reads them; they are part of the approved command. */
final class PgParams {
    private PgParams() {}

    static List<String> render(PgFrontendMessage.Bind b) {
        List<String> literals = literals(b);
        List<String> out = new ArrayList<>(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            out.add(hoop.core.BoundValues.entry(i + 1, literals.get(i)));
        }
        return out;
    }

    /** Each parameter's value written as an SQL literal ($1 first): text quoted, NULL, a binary value as its hex. */
    static List<String> literals(PgFrontendMessage.Bind b) {
        List<String> out = new ArrayList<>(b.params().size());
        for (int i = 0; i < b.params().size(); i++) {
            byte[] v = b.params().get(i);
            out.add(v == null ? "NULL" : b.paramFormat(i) == 0 ? "'" + new String(v, StandardCharsets.UTF_8).replace("'", "''") + "'"
                    : "'\\x" + HexFormat.of().formatHex(v) + "'");
        }
        return out;
    }
}
