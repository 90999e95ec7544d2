package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Keys of a url-encoded listing are masked as the text the client decodes them to. */
class EncodedListingTest {
    private static final UnaryOperator<String> EMAILS = t -> t.replaceAll("[a-z]+@example\\.com", "[EMAIL]");

    private static String masked(String xml) {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        EncodedListing l = EncodedListing.of(b, false, null);
        l.add(b);
        return new String(l.masked(EMAILS), StandardCharsets.UTF_8);
    }

    @Test
    void encodedValuesAreMaskedAsDecodedAndEncodedAgain() {
        String xml = "<?xml version=\"1.0\"?><ListBucketResult><EncodingType>url</EncodingType>"
                + "<Prefix>users%2F</Prefix><Contents><Key>users/ops%40example.com/caf%C3%A9+x%2B1</Key></Contents></ListBucketResult>";
        String out = masked(xml);
        assertEquals(xml.replace("users/ops%40example.com/caf%C3%A9+x%2B1", "users/%5BEMAIL%5D/caf%C3%A9+x%2B1"), out);
        assertEquals("users/[EMAIL]/café x+1", EncodedListing.decode("users/%5BEMAIL%5D/caf%C3%A9+x%2B1"));
    }

    @Test
    void listingsWithoutUrlEncodingAndOtherBodiesAreLeftToTheStreamMasker() {
        String raw = "<ListBucketResult><Contents><Key>users/ops@example.com</Key></Contents></ListBucketResult>";
        assertEquals(raw, masked(raw));
        assertNull(EncodedListing.of("<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8), true, null));
        assertNull(EncodedListing.decode("bad%4"));
    }
}
