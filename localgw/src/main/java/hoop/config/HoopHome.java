package hoop.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** The state directory: $HOOP_HOME, default ~/.hoop. Secret files in it are created with mode 0600. */
public record HoopHome(Path dir) {
    public static HoopHome fromEnv(Map<String, String> env) {
        String h = env.get("HOOP_HOME");
        if (h != null && !h.isBlank()) return new HoopHome(Path.of(h));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new HoopHome(Path.of(home, ".hoop"));
    }

    public Path config() {
        return dir.resolve("hoop.yaml");
    }

    public Path database() {
        return dir.resolve("hoop.db");
    }

    public Path tokenFile() {
        return dir.resolve("gateway.token");
    }

    /** host:port the running gateway actually listens on (differs from config when it asked for port 0). */
    public Path addressFile() {
        return dir.resolve("gateway.addr");
    }

    /** Written by the running gateway: "local" or "oidc ISSUER CLIENT_ID" (see Gateway). */
    public Path identityFile() {
        return dir.resolve("gateway.identity");
    }

    /** The user's OIDC tokens from `hoop login` (0600). */
    public Path credentialsFile() {
        return dir.resolve("credentials.json");
    }

    /** The gateway's Ed25519 key that signs each closed session's head (hoop audit key prints its public half). */
    public Path auditKeyFile() {
        return dir.resolve("audit.key");
    }

    public Path maskKeyFile() {
        return dir.resolve("mask.key");
    }

    public void ensureExists() throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // The JDK's message is the bare path: say what is wrong with it.
            throw new IOException("HOOP_HOME " + dir + " is not a directory (" + e.getFile() + " is a file)", e);
        }
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: nothing stronger to do.
        }
    }

    /** Reads a random secret from the file, creating it (0600) on first use. */
    public String secret(Path file, int bytes) throws IOException {
        if (Files.exists(file)) return Files.readString(file).trim();
        ensureExists();
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        String value = HexFormat.of().formatHex(raw);
        writePrivate(file, value + "\n");
        return value;
    }

    public static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
