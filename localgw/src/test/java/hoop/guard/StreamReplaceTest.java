package hoop.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamReplaceTest {
    private static final Map<String, String> PATHS = Map.of("/h/exec-files/exec-1/0/", "/tmp/want/", "../h/exec-files/exec-1/0/", "want/");

    /** Fed in two pieces cut at every place: the same text comes out, each staged path as the user's. */
    @Test
    void replacesAcrossAnyCut() {
        String in = "download: s3://b/k to ../h/exec-files/exec-1/0/k\nerror: /h/exec-files/exec-1/0/x ../h/exec-files/exec-1/0\n";
        String want = "download: s3://b/k to want/k\nerror: /tmp/want/x ../h/exec-files/exec-1/0\n";
        byte[] b = in.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= b.length; cut++) {
            StreamReplace r = new StreamReplace(PATHS);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(r.feed(java.util.Arrays.copyOfRange(b, 0, cut)));
            out.writeBytes(r.feed(java.util.Arrays.copyOfRange(b, cut, b.length)));
            out.writeBytes(r.finish());
            assertEquals(want, out.toString(StandardCharsets.UTF_8), "cut at " + cut);
        }
    }

    @Test
    void aPrefixLeftAtTheEndComesOutAsItWas() {
        StreamReplace r = new StreamReplace(PATHS);
        assertEquals("x ", new String(r.feed("x ../h/exec".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertEquals("../h/exec", new String(r.finish(), StandardCharsets.UTF_8));
    }
}
