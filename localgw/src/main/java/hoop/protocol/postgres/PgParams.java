package hoop.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The parameter values a statement will run with, when the client pipelined its Bind behind the Parse
 * (drivers do). They become part of the command an approver sees and approves.
 */
final class PgParams {
    private PgParams() {}

    static List<String> ofNextBind(Collection<PgFrontendMessage> queued, String statement) {
        for (PgFrontendMessage m : queued) {
            if (m instanceof PgFrontendMessage.Sync || m instanceof PgFrontendMessage.Parse) break;
            if (m instanceof PgFrontendMessage.Bind b && b.statement().equals(statement)) return render(b);
        }
        return List.of();
    }

    private static List<String> render(PgFrontendMessage.Bind b) {
        List<String> out = new ArrayList<>(b.params().size());
        for (int i = 0; i < b.params().size(); i++) {
            byte[] v = b.params().get(i);
            String value = v == null ? "NULL" : b.paramFormat(i) == 0 ? "'" + new String(v, StandardCharsets.UTF_8).replace("'", "''") + "'"
                    : "'\\x" + HexFormat.of().formatHex(v) + "'";
            out.add("$" + (i + 1) + " = " + value);
        }
        return out;
    }
}
