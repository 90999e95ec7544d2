package hoop.protocol.postgres;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a SCRAM server stores instead of the password. {@link #toRolPassword()} and {@link #parse}
 * use PostgreSQL's rolpassword format {@code SCRAM-SHA-256$iter:salt$StoredKey:ServerKey}.
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public static final int DEFAULT_ITERATIONS = 4096;

    public ScramVerifier {
        Objects.requireNonNull(salt);
        Objects.requireNonNull(storedKey);
        Objects.requireNonNull(serverKey);
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        if (salt.length == 0 || storedKey.length != 32 || serverKey.length != 32) {
            throw new IllegalArgumentException("salt must be non-empty and keys 32 bytes");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    public static ScramVerifier generate(String password, int iterations) {
        return fromPassword(password, Scram.random(Scram.SALT_LENGTH), iterations);
    }

    public static ScramVerifier fromPassword(String password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        byte[] salted = Scram.saltedPassword(password, salt, iterations);
        return new ScramVerifier(salt, iterations, Scram.sha256(Scram.clientKey(salted)), Scram.serverKey(salted));
    }

    public static ScramVerifier parse(String rolpassword) {
        String[] parts = rolpassword.split("[$:]", -1);
        if (parts.length != 5 || !parts[0].equals(Scram.MECHANISM)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        try {
            return new ScramVerifier(Scram.unb64(parts[2], "salt"), Integer.parseInt(parts[1]),
                    Scram.unb64(parts[3], "StoredKey"), Scram.unb64(parts[4], "ServerKey"));
        } catch (NumberFormatException | ScramException e) {
            throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier", e);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramVerifier v && iterations == v.iterations && Arrays.equals(salt, v.salt)
                && MessageDigest.isEqual(storedKey, v.storedKey) && MessageDigest.isEqual(serverKey, v.serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey));
    }

    /** Offline-guessable like a password hash, hence not what {@link #toString()} shows. */
    public String toRolPassword() {
        return Scram.MECHANISM + "$" + iterations + ":" + Scram.b64(salt) + "$" + Scram.b64(storedKey) + ":"
                + Scram.b64(serverKey);
    }

    @Override
    public String toString() {
        return "ScramVerifier[iterations=" + iterations + "]";
    }
}
