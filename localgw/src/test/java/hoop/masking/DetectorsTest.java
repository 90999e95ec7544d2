package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetectorsTest {

    static Masker only(String detector) {
        return Masker.create(MaskingRules.of(List.of(detector), Map.of(), List.of(), Style.REDACT), new byte[0], List.of());
    }

    static Stream<Arguments> positives() {
        List<Arguments> args = new ArrayList<>();
        Samples.POSITIVE.forEach((d, texts) -> texts.forEach(t -> args.add(Arguments.of(d, t))));
        return args.stream();
    }

    static Stream<Arguments> negatives() {
        List<Arguments> args = new ArrayList<>();
        Samples.NEGATIVE.forEach((d, texts) -> texts.forEach(t -> args.add(Arguments.of(d, t))));
        return args.stream();
    }

    @ParameterizedTest(name = "{0} masks {1}")
    @MethodSource("positives")
    void positiveExampleIsMasked(String detector, String text) {
        String label = "[" + detector.toUpperCase(Locale.ROOT) + "]";
        String masked = only(detector).mask(text);
        assertTrue(masked.contains(label), () -> masked);
        assertEquals(1, masked.split(java.util.regex.Pattern.quote(label), -1).length - 1, () -> masked);
    }

    @ParameterizedTest(name = "{0} leaves {1}")
    @MethodSource("negatives")
    void negativeExampleIsUntouched(String detector, String text) {
        assertEquals(text, only(detector).mask(text));
    }

    @Test
    void everyDetectorHasPositiveAndNegativeExamples() {
        assertEquals(MaskingRules.knownDetectors(), Samples.POSITIVE.keySet());
        assertEquals(MaskingRules.knownDetectors(), Samples.NEGATIVE.keySet());
    }

    @Test
    void exactReplacements() {
        assertEquals("card [CREDIT_CARD] ok", only("credit_card").mask("card 4111 1111 1111 1111 ok"));
        assertEquals("IBAN [IBAN] EUR", only("iban").mask("IBAN DE89 3704 0044 0532 0130 00 EUR"));
        assertEquals("call [PHONE] now", only("phone").mask("call +1 415 555 2671 now"));
        assertEquals("from [IPV4]:22", only("ipv4").mask("from 10.0.0.1:22"));
        assertEquals("mail [EMAIL].", only("email").mask("mail bob@example.com."));
        assertEquals("ssn [SSN]", only("ssn").mask("ssn 078-05-1120"));
    }

    /** An address glued to other text (a value concatenated to another, e-mail || phone) is still one. */
    @Test
    void anAddressGluedToDigitsOrALongRunIsMasked() {
        Masker m = only("email");
        assertEquals("[EMAIL]4111111111111111", m.mask("alice@example.com4111111111111111"));
        assertEquals("[EMAIL]2024", m.mask("jöhn@bücher.de2024"));
        assertEquals("[EMAIL]7", m.mask("почта@пример.рф7"));
        // A local part holds 64 characters at most: glued to a longer run, the address is its last 64.
        assertEquals("x".repeat(12) + "[EMAIL]", m.mask("x".repeat(12) + "y".repeat(59) + "alice@example.com"));
        assertEquals("v1.2 [EMAIL]", m.mask("v1.2 alice@example.com"));
    }

    @Test
    void assignmentKeepsTheKey() {
        Masker m = only("password_assignment");
        assertEquals("password=[PASSWORD_ASSIGNMENT]", m.mask("password=hunter2"));
        assertEquals("passwd: [PASSWORD_ASSIGNMENT] next", m.mask("passwd: s3cr3t next"));
        assertEquals("PGPASSWORD=[PASSWORD_ASSIGNMENT] psql -h db", m.mask("PGPASSWORD=pw123 psql -h db"));
        assertEquals("{\"api_key\": \"[PASSWORD_ASSIGNMENT]\", \"n\": 1}", m.mask("{\"api_key\": \"a b c\", \"n\": 1}"));
        assertEquals("Token = [PASSWORD_ASSIGNMENT]", m.mask("Token = abc"));
        // An S3 listing is one line of XML: the value ends with its element, the document stays whole.
        assertEquals("<Key>p/password=[PASSWORD_ASSIGNMENT]</Key><Size>5</Size>", m.mask("<Key>p/password=Hunter2</Key><Size>5</Size>"));
        assertEquals("password=[PASSWORD_ASSIGNMENT] x", m.mask("password=a<b>c x"));
        assertEquals("password=[PASSWORD_ASSIGNMENT] x", m.mask("password=<b>c x"));
        // In XML text &#xA; is a line break (YAML in CloudFormation's answer): a key with no value on its line keeps
        // its line, and a value ends there. Another '&' is part of the value.
        assertEquals("Parameters:&#xA;  DbPassword:&#xA;    Type: String", m.mask("Parameters:&#xA;  DbPassword:&#xA;    Type: String"));
        assertEquals("password: [PASSWORD_ASSIGNMENT]&#10;next: 1", m.mask("password: hunter2&#10;next: 1"));
        assertEquals("secret: [PASSWORD_ASSIGNMENT]&#xd;&#xa;", m.mask("secret: s3cr3t&#xd;&#xa;"));
        assertEquals("password=[PASSWORD_ASSIGNMENT] x", m.mask("password=a&b&#x41;c x"));
    }

    @Test
    void awsSecretContextFormKeepsTheKey() {
        assertEquals("aws_secret_access_key = [AWS_SECRET_KEY]",
                only("aws_secret_key").mask("aws_secret_access_key = abcdefghijabcdefghijabcdefghijabcdefghij"));
    }

    @Test
    void privateKeyReplacesWholeBlockAndUnterminatedBlockFailsClosed() {
        Masker m = only("private_key");
        assertEquals("before\n[PRIVATE_KEY]\nafter", m.mask("before\n" + Samples.RSA_KEY + "\nafter"));
        String truncated = "x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt\nmore";
        assertEquals("x\n[PRIVATE_KEY]", m.mask(truncated));
    }

    @Test
    void largePrivateKeyDoesNotOverflowTheStack() {
        String body = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\n".repeat(8000);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----";
        assertEquals("[PRIVATE_KEY]\n", only("private_key").mask(pem + "\n"));
    }

    @Test
    void checksums() {
        assertTrue(Checksums.luhn("4111111111111111"));
        assertFalse(Checksums.luhn("4111111111111112"));
        assertTrue(Checksums.allSameDigit("6666 6666"));
        assertTrue(Checksums.ibanValid("GB82 WEST 1234 5698 7654 32"));
        assertFalse(Checksums.ibanValid("GB82 WEST 1234 5698 7654 33"));
        assertFalse(Checksums.ibanValid("GB82"));
    }
}
