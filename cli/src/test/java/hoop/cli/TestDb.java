package hoop.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Raw scans of everything the gateway wrote under HOOP_HOME: the database, its WAL and the spool. */
final class TestDb {
    private TestDb() {}

    /** True if s appears in any file, as is or base64-encoded (output events are stored base64). */
    static boolean contains(TestGateway gw, String s) throws Exception {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        String[] forms = new String[4];
        forms[0] = s;
        for (int shift = 0; shift < 3; shift++) {
            // Encoding after `shift` leading bytes: the middle of the result is stable wherever s sits in a value.
            byte[] padded = new byte[shift + b.length];
            System.arraycopy(b, 0, padded, shift, b.length);
            String enc = Base64.getEncoder().encodeToString(padded);
            forms[shift + 1] = enc.substring((shift * 4 + 2) / 3 + 2, Math.max((shift * 4 + 2) / 3 + 3, enc.length() - 4));
        }
        try (var files = Files.walk(gw.home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String form : forms) if (raw.contains(form)) return true;
            }
        }
        return false;
    }
}
