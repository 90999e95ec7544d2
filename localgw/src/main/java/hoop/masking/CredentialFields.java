package hoop.masking;

import java.util.List;

/**
 * The aws_credential detector: credentials AWS hands out in its answers (STS, IAM CreateAccessKey, ECR and
 * CodeArtifact tokens, SSO and its OIDC tokens, Cognito, app client secrets, Redshift and Lightsail passwords, EC2
 * key pairs, the bearer token {@code eks get-token} prints), by the key they come under in JSON ({@code "SessionToken": "..."}) or XML
 * ({@code <SessionToken>...</SessionToken>}), and the signature and token of presigned URLs in answers; the value is
 * the match, so the key and the document's shape stay.
 * The regex is the reference; {@link #find} runs it by hand, since a regex that must look behind at every position
 * reads text ten times slower than the rest of masking.
 */
final class CredentialFields {
    private CredentialFields() {
    }

    static final List<String> KEYS = List.of("SecretAccessKey", "SessionToken", "SecretKey", "AuthorizationToken", "DbPassword",
            "ServicePassword", "KeyMaterial", "PrivateKey", "AccessToken", "RefreshToken", "IdToken", "ClientSecret", "Password",
            "Token",
            // A VPN tunnel's pre-shared key (EC2's tunnel options; pre_shared_key in the customer gateway's own XML, which
            // EC2 hands out escaped inside its answer), a Direct Connect interface's BGP key, a Lightsail key pair's
            // private key and a database's master password, a virtual MFA device's seed (and its QR code), Amplify's
            // basic auth, Airflow's CLI and web tokens, the bearer URLs of SageMaker, QuickSight and AppStream.
            "PreSharedKey", "pre_shared_key", "AuthKey", "PrivateKeyBase64", "MasterUserPassword", "Base32StringSeed", "QRCodePNG",
            "BasicAuthCredentials", "CliToken", "WebToken", "AuthorizedUrl", "EmbedUrl", "StreamingURL",
            // A Storage Gateway volume's CHAP secrets, both ways; a GameLift instance's key or password and its compute's
            // token; a Chime attendee's join token.
            "SecretToAuthenticateInitiator", "SecretToAuthenticateTarget", "Secret", "AuthToken", "JoinToken",
            // An IoT secure tunnel's ends; a domain's transfer code; a Chime bot's token.
            "SourceAccessToken", "DestinationAccessToken", "AuthCode", "SecurityToken",
            // A Windows instance's administrator password (EC2 GetPasswordData): encrypted to the key pair, and in
            // plain text when the CLI decrypts it (--priv-launch-key).
            "PasswordData");

    /**
     * The query parameters that make a presigned URL usable (Lambda GetFunction's Code.Location, ECR's layer URLs,
     * any presigned S3 URL in an answer): without its signature and token the URL opens nothing around hoop.
     */
    static final List<String> URL_PARAMS = List.of("X-Amz-Signature", "X-Amz-Security-Token", "Signature",
            // Kinesis Video's HLS and DASH session URLs carry theirs so.
            "SessionToken");

    static final String REGEX;

    static {
        String keys = "(?:" + String.join("|", KEYS) + ")";
        String params = "(?:" + String.join("|", URL_PARAMS) + ")";
        REGEX = "(?i)(?<=[\">=])(?:(?<=\"" + keys + "\"[ \\t]{0,8}:[ \\t]{0,8}\")(?:[^\"\\\\]|\\\\.)+|(?<=<" + keys + ">)[^<]+"
                + "|(?<=[?&;]" + params + "=)[^&\\s\"'<>\\\\]+)";
    }

    private static final int MAX_BLANKS = 8;

    /** False when no match can start in b[off, off+len): every one follows a '"', '>' or '=' (REGEX's look behind). */
    static boolean mayHold(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == '"' || b[i] == '>' || b[i] == '=') return true;
        }
        return false;
    }

    /** The first match starting in [from, to), as {start, end}, or null: what REGEX finds there. */
    static int[] find(CharSequence t, int from, int to) {
        for (int p = Math.max(from, 1); p < to; p++) {
            char prev = t.charAt(p - 1);
            if (prev == '"' && jsonKeyBefore(t, p - 1)) {
                int e = p;
                while (e < to) {
                    char c = t.charAt(e);
                    if (c == '"') break;
                    if (c == '\\') {
                        if (e + 1 < to && !lineTerminator(t.charAt(e + 1))) {
                            e += 2;
                            continue;
                        }
                        break;
                    }
                    e++;
                }
                if (e > p) return new int[] {p, e};
            } else if (prev == '>' && keyEndsAt(t, p - 1, '<')) {
                int e = p;
                while (e < to && t.charAt(e) != '<') e++;
                if (e > p) return new int[] {p, e};
            } else if (prev == '=' && paramEndsAt(t, p - 1)) {
                int e = p;
                while (e < to && !urlValueEnd(t.charAt(e))) e++;
                if (e > p) return new int[] {p, e};
            }
        }
        return null;
    }

    /** Whether {@code "KEY" : "} ends at the quote at q (blanks as REGEX allows them). */
    private static boolean jsonKeyBefore(CharSequence t, int q) {
        int i = q - 1;
        int n = 0;
        while (i >= 0 && n <= MAX_BLANKS && isBlank(t.charAt(i))) {
            i--;
            n++;
        }
        if (n > MAX_BLANKS || i < 0 || t.charAt(i) != ':') return false;
        i--;
        n = 0;
        while (i >= 0 && n <= MAX_BLANKS && isBlank(t.charAt(i))) {
            i--;
            n++;
        }
        if (n > MAX_BLANKS || i < 0 || t.charAt(i) != '"') return false;
        return keyEndsAt(t, i, '"');
    }

    /** Whether one of KEYS, opened by {@code open}, ends just before index end. */
    private static boolean keyEndsAt(CharSequence t, int end, char open) {
        for (String k : KEYS) {
            int s = end - k.length();
            if (s >= 1 && t.charAt(s - 1) == open && regionEqualsIgnoreCase(t, s, k)) return true;
        }
        return false;
    }

    /** Whether one of URL_PARAMS, after '?', '&' or ';' (XML's &amp;), ends just before index end. */
    private static boolean paramEndsAt(CharSequence t, int end) {
        for (String k : URL_PARAMS) {
            int s = end - k.length();
            if (s >= 1 && "?&;".indexOf(t.charAt(s - 1)) >= 0 && regionEqualsIgnoreCase(t, s, k)) return true;
        }
        return false;
    }

    /** What ends a URL parameter's value in REGEX: '&', a regex blank, a quote, '<', '>', a backslash. */
    private static boolean urlValueEnd(char c) {
        return c == '&' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == '"' || c == '\''
                || c == '<' || c == '>' || c == '\\';
    }

    private static boolean regionEqualsIgnoreCase(CharSequence t, int s, String k) {
        for (int j = 0; j < k.length(); j++) {
            if (Ascii.lower(t.charAt(s + j)) != Ascii.lower(k.charAt(j))) return false;
        }
        return true;
    }

    /** Blanks on the key's line only: a stream is cut at line ends, which must not part a key from its value. */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** What '.' does not match in a Java regex. */
    private static boolean lineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
