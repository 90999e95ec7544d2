package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** S3 returns non-ASCII user metadata as RFC 2047 encoded words: they are masked as the text they decode to. */
class EncodedWordsTest {
    private static final UnaryOperator<String> EMAILS = t -> t.replaceAll("[a-z]+@example\\.com", "[EMAIL]");

    private static String b(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    @Test
    void aBase64WordHoldingASecretIsMaskedAndEncodedAgain() {
        assertEquals(b("propriétaire [EMAIL]"), EncodedWords.mask(b("propriétaire ops@example.com"), EMAILS));
    }

    @Test
    void quotedPrintableWordsAndOtherCharsetsAreReadToo() {
        assertEquals(b("[EMAIL] é"), EncodedWords.mask("=?utf-8?Q?ops=40example.com_=C3=A9?=", EMAILS));
        assertEquals(b("[EMAIL] é"), EncodedWords.mask("=?ISO-8859-1?q?ops@example.com_=E9?=", EMAILS));
    }

    @Test
    void wordsWithoutSecretsAndPlainTextAroundThemStayAsWritten() {
        String clean = "before " + b("nothing here é") + " after";
        assertEquals(clean, EncodedWords.mask(clean, EMAILS));
        assertEquals("=?x-unknown?B?AAAA?= =?UTF-8?B?not base64!?=", EncodedWords.mask("=?x-unknown?B?AAAA?= =?UTF-8?B?not base64!?=", EMAILS));
    }
}
