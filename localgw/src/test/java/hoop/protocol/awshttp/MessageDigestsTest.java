package hoop.protocol.awshttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageDigestsTest {
    static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static String of(String answer) {
        return new String(MessageDigests.ofMasked(answer.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void eachJsonMessageGetsTheMd5OfItsOwnBody() throws Exception {
        String tricky = "{\\\"MD5OfBody\\\":\\\"x\\\"} caf\\u00e9 \\n";
        String json = "{\"Messages\":[{\"Body\":\"" + tricky + "\",\"MD5OfBody\":\"old1\",\"MessageAttributes\":{\"a\":{\"StringValue\":\"Body\"}}},"
                + "{\"MD5OfBody\":\"old2\",\"Body\":\"[EMAIL]\"}]}";
        String want = json.replace("old1", md5("{\"MD5OfBody\":\"x\"} caf\u00e9 \n")).replace("old2", md5("[EMAIL]"));
        assertEquals(want, of(json));
    }

    @Test
    void eachXmlMessageGetsTheMd5OfItsBodyAsAParserReadsIt() throws Exception {
        String xml = "<ReceiveMessageResponse><ReceiveMessageResult><Message><MessageId>1</MessageId><MD5OfBody>old</MD5OfBody>"
                + "<Body>a &lt;b&gt; &amp; &#233; [EMAIL]</Body></Message><Message><Body>x</Body><MD5OfBody>old</MD5OfBody></Message>"
                + "</ReceiveMessageResult></ReceiveMessageResponse>";
        String want = xml.replaceFirst("old", md5("a <b> & \u00e9 [EMAIL]")).replaceFirst("<MD5OfBody>old", "<MD5OfBody>" + md5("x"));
        assertEquals(want, of(xml));
    }
}
