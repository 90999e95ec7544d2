package hoop.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The gateway's Ed25519 audit key ($HOOP_HOME/audit.key, 0600). The file holds two lines, "private BASE64(PKCS#8)"
 * and "public BASE64(X.509)", because the JDK cannot derive an Ed25519 public key from the private one.
 * The public key is shared as one line, {@code ed25519:BASE64(X.509)}; its key id is the first 16 hex digits
 * of the SHA-256 of the X.509 bytes, so a verifier can tell which key signed a session after a rotation.
 */
public final class AuditKey {
    public static final String PUBLIC_PREFIX = "ed25519:";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Reads the key, creating it (0600) on first use. */
    public static AuditKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) return read(file);
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String text = "private " + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + "public " + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text);
            // Two gateways starting at once must end up with the same key: the second move loses and rereads.
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
            return read(file);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new StoreException("cannot load the audit signing key " + file + ": " + e.getMessage(), e);
        }
    }

    private static AuditKey read(Path file) throws IOException, GeneralSecurityException {
        String priv = null, pub = null;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("private ")) priv = line.substring(8).trim();
            if (line.startsWith("public ")) pub = line.substring(7).trim();
        }
        if (priv == null || pub == null) throw new IOException("expected a 'private' and a 'public' line");
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        return new AuditKey(kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(priv))),
                kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pub))));
    }

    public String publicKeyText() {
        return PUBLIC_PREFIX + Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public String keyId() {
        return keyId(publicKey);
    }

    public SessionSignature sign(String sessionId, long lastSeq, String lastHash, Instant at) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(SessionSignature.message(sessionId, lastSeq, lastHash));
            return new SessionSignature(sessionId, lastSeq, lastHash, keyId(), Base64.getEncoder().encodeToString(s.sign()), at);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot sign session " + sessionId + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code ed25519:BASE64} (or the bare base64); throws IllegalArgumentException with a reason. */
    public static PublicKey parsePublic(String text) {
        String t = text.strip();
        if (t.startsWith(PUBLIC_PREFIX)) t = t.substring(PUBLIC_PREFIX.length());
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(t)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (expected " + PUBLIC_PREFIX + "BASE64): " + e.getMessage(), e);
        }
    }

    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK must provide SHA-256", e);
        }
    }

    /** True when {@code sig} is a valid signature by {@code key} over the head it names. */
    public static boolean verify(PublicKey key, SessionSignature sig) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(sig.message());
            return s.verify(Base64.getDecoder().decode(sig.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a garbled signature is simply not a valid one
        }
    }
}
