package hoop.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** The embedded default: the config written on first start, so hoop works before anyone edits YAML. */
public final class DefaultConfig {
    private DefaultConfig() {}

    public static String text() {
        try (InputStream in = DefaultConfig.class.getResourceAsStream("default-hoop.yaml")) {
            if (in == null) throw new IllegalStateException("default-hoop.yaml missing from the build");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns true when it wrote the file. */
    public static boolean writeIfMissing(HoopHome home) throws IOException {
        if (Files.exists(home.config())) return false;
        home.ensureExists();
        // 0600 like hoop's other state: an edited config may hold a secret written in place of ${env:X}.
        HoopHome.writePrivate(home.config(), text());
        return true;
    }
}
