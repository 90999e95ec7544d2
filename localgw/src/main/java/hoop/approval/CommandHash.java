package hoop.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Binds an approval to exactly one command: connection, session, full text and argv. */
public final class CommandHash {
    private CommandHash() {}

    public static String of(String connection, String sessionId, String text, List<String> argv) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            // Length-prefix each part so no two different commands can produce the same byte stream.
            for (String part : concat(connection, sessionId, text, argv)) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(String connection, String sessionId, String text, List<String> argv) {
        var all = new java.util.ArrayList<String>(List.of(connection, sessionId, text == null ? "" : text));
        all.addAll(argv);
        return all;
    }
}
