package hoop.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `hoop login` obtained, as kept in $HOOP_HOME/credentials.json (mode 0600). The endpoints are kept
 * so refresh and logout need no discovery round trip.
 */
public record Credentials(String issuer, String clientId, String accessToken, String refreshToken, String idToken,
                          Instant obtainedAt, Instant expiresAt, String tokenEndpoint, String revocationEndpoint) {

    /** Near expiry: less than a third of the token's life, or 30 s, whichever is shorter, is left. */
    public boolean nearExpiry(Instant now) {
        return nearExpiry(obtainedAt, expiresAt, now, 0);
    }

    /**
     * The renewal rule for anything that lives from {@code from} to {@code until} (a token, a session): near its
     * end once less than a third of its life, or 30 s, whichever is shorter, but at least {@code floorSeconds}, is left.
     */
    public static boolean nearExpiry(Instant from, Instant until, Instant now, long floorSeconds) {
        long life = Math.max(0, until.getEpochSecond() - from.getEpochSecond());
        long margin = Math.max(floorSeconds, Math.min(30, life / 3));
        return !now.plusSeconds(margin).isBefore(until);
    }

    /** The access token's claims, read without checking the signature: for display only, never for trust. */
    public JWTClaimsSet unverifiedClaims() {
        try {
            return JWTParser.parse(accessToken).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            return new JWTClaimsSet.Builder().build();
        }
    }

    public List<String> groups(String claim) {
        Object v = unverifiedClaims().getClaim(claim);
        if (v instanceof String s) return List.of(s);
        if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        return List.of();
    }

    public void save(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("client_id", clientId);
        m.put("access_token", accessToken);
        if (refreshToken != null) m.put("refresh_token", refreshToken);
        if (idToken != null) m.put("id_token", idToken);
        m.put("obtained_at", obtainedAt.toString());
        m.put("expires_at", expiresAt.toString());
        m.put("token_endpoint", tokenEndpoint);
        if (revocationEndpoint != null) m.put("revocation_endpoint", revocationEndpoint);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, JSONObjectUtils.toJSONString(m) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Empty when the file does not exist; an unreadable file is an error naming it. */
    public static java.util.Optional<Credentials> load(Path file) throws IOException {
        if (!Files.exists(file)) return java.util.Optional.empty();
        try {
            Map<String, Object> m = JSONObjectUtils.parse(Files.readString(file));
            return java.util.Optional.of(new Credentials(str(m, "issuer"), str(m, "client_id"), str(m, "access_token"),
                    str(m, "refresh_token"), str(m, "id_token"), Instant.parse(str(m, "obtained_at")),
                    Instant.parse(str(m, "expires_at")), str(m, "token_endpoint"), str(m, "revocation_endpoint")));
        } catch (java.text.ParseException | RuntimeException e) {
            throw new IOException(file + " is not valid credentials (" + e.getMessage() + "); run: hoop login");
        }
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }
}
