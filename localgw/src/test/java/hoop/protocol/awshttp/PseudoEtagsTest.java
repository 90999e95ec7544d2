package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PseudoEtagsTest {
    static final String MD5 = "9109c57a1839ee59dec2f09d583874d0";

    @Test
    void aSingleObjectsEtagIsAStandInOfItsShapeAMultipartOneStays() {
        String shown = PseudoEtags.shown("\"" + MD5 + "\"");
        assertTrue(shown.matches("\"[0-9a-f]{32}\"") && !shown.contains(MD5), shown);
        assertEquals(shown, PseudoEtags.shown("\"" + MD5.toUpperCase() + "\""), "one stand-in per ETag, however cased");
        assertEquals(shown.substring(1, 33), PseudoEtags.shown(MD5));
        assertEquals("\"" + MD5 + "-3\"", PseudoEtags.shown("\"" + MD5 + "-3\""));
    }

    @Test
    void everyQuotingOfAnEtagElementIsReplaced() {
        String pseudo = PseudoEtags.of(MD5);
        for (String q : new String[] {"&quot;", "&#34;", "\"", ""}) {
            String xml = "<ListBucketResult><Contents><ETag>" + q + MD5 + q + "</ETag></Contents><Contents><ETag>" + q + MD5 + "-2" + q
                    + "</ETag></Contents></ListBucketResult>";
            String out = PseudoEtags.xml(xml, null);
            assertFalse(out.contains("<ETag>" + q + MD5 + q + "</ETag>"), out);
            assertTrue(out.contains("<ETag>" + q + pseudo + q + "</ETag>") && out.contains(MD5 + "-2"), out);
        }
    }

    /**
     * GetObjectAttributes, ListParts and a copy's result carry checksums of the bytes: a CRC32 of a short masked object
     * is solved outright, so each is a stand-in of its shape (the one `hoop exec` shows); a composite one stays.
     */
    @Test
    void checksumElementsAreStandInsOfTheirShape() {
        String crc = "gpIULA==", sha = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=", composite = "Zm9vYmFy-3";
        String xml = "<GetObjectAttributesResponse><ETag>" + MD5 + "</ETag><Checksum><ChecksumCRC32>" + crc + "</ChecksumCRC32>"
                + "<ChecksumSHA256>" + sha + "</ChecksumSHA256><ChecksumCRC32C>" + composite + "</ChecksumCRC32C></Checksum>"
                + "</GetObjectAttributesResponse>";
        String out = PseudoEtags.xml(xml, null);
        assertFalse(out.contains(crc) || out.contains(sha) || out.contains(MD5), out);
        assertTrue(out.contains("<ChecksumCRC32>" + PseudoEtags.checksum(crc) + "</ChecksumCRC32>"), out);
        assertEquals(4, java.util.Base64.getDecoder().decode(PseudoEtags.checksum(crc)).length);
        assertEquals(32, java.util.Base64.getDecoder().decode(PseudoEtags.checksum(sha)).length);
        assertEquals(hoop.core.StandIns.checksum(sha, 32), PseudoEtags.checksum(sha), "the stand-in hoop exec shows");
        assertTrue(out.contains("<ChecksumCRC32C>" + composite + "</ChecksumCRC32C>"), out);
        assertEquals("not base64!", PseudoEtags.checksum("not base64!"));
    }

    @Test
    void aConditionMatchesOnlyTheStandInOfTheRealEtag() {
        String real = "\"" + MD5 + "\"";
        String shown = PseudoEtags.shown(real);
        assertEquals(real, PseudoEtags.condition(shown, real));
        assertEquals(real, PseudoEtags.condition(shown.substring(1, 33), real));
        assertEquals("\"hoop-unmatched\"", PseudoEtags.condition(real, real), "the real MD5 is a guess like any other");
        assertEquals("*", PseudoEtags.condition("*", null));
        assertEquals("\"hoop-unmatched\", " + real, PseudoEtags.condition("\"abc\", " + shown, real));
        assertEquals("\"hoop-unmatched\"", PseudoEtags.condition(shown, null), "an object hoop could not read matches nothing");
    }
}
