package hoop.masking;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A file's keys printed by one more real tool in a form its reader turns back (base32, od's numbers and words, hexdump,
 * xxd -e and -i, a list of byte values): what the masker lets through, turned back the same way, shows no piece of a
 * key; a file with nothing to mask comes through as the tool printed it.
 */
class ReencodedTextTest {
    private static final String FILE = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLQ\n"
            + "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEQ\n"
            + "GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a\ncontact=alice.smith@example.com\n";
    private static final List<String> SECRETS = List.of("AKIAIOSFODNN7EXAMPLQ", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEQ",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKE",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "alice.smith@example.com");
    private static final String CLEAN = "region=eu-west-1\noutput=json\nretries=3 with a pause of 2s between them\n"
            + "The quick brown fox jumps over the lazy dog, again and again.\n";
    /** As a shell connection's: exec output. */
    private static final Masker MASKER = Masker.create(Samples.allDetectors(Style.REDACT), "k".getBytes(ISO_8859_1), List.of())
            .readingShellOutput();

    /** A command reading the file on its stdin, and how its reader turns what it printed back into the file's bytes. */
    private record Form(String command, Back back) {
    }

    private interface Back {
        String apply(String printed) throws Exception;
    }

    private static final List<Form> FORMS = List.of(
            new Form("base32", p -> run("base32 -d -i", p)),
            new Form("base32 -w 0", p -> run("base32 -d -i", p)),
            new Form("base32 | tr A-Z a-z", p -> run("tr a-z A-Z | base32 -d -i", p)),
            new Form("basenc --base32hex", p -> run("basenc --base32hex -d -i", p)),
            new Form("base32 -w 10", p -> run("base32 -d -i", p)),
            new Form("base32 -w 7", p -> run("base32 -d -i", p)),
            new Form("base64 -w 12", p -> run("base64 -d -i", p)),
            new Form("base64 -w 30", p -> run("base64 -d -i", p)),
            new Form("base64 -w 5", p -> run("base64 -d -i", p)),
            new Form("base64 | rev", p -> run("rev | base64 -d -i", p)),
            new Form("base32 -w 0 | rev", p -> run("rev | base32 -d -i", p)),
            new Form("gzip -c | base32", p -> run("base32 -d -i | gunzip", p)),
            new Form("od -An -tu1", p -> numbers(p, "\\b\\d{1,3}\\b", 10)),
            new Form("od -tu1", p -> numbers(p.replaceAll("(?m)^\\d{7}", ""), "\\b\\d{1,3}\\b", 10)),
            new Form("od -td1 -w8", p -> numbers(p.replaceAll("(?m)^\\d{7}", ""), "-?\\b\\d{1,3}\\b", 10)),
            new Form("xxd -i", p -> numbers(p, "0x([0-9a-f]{2})", 16)),
            new Form("python3 -c 'import sys; print(list(sys.stdin.buffer.read()))'", p -> numbers(p, "\\b\\d{1,3}\\b", 10)),
            new Form("od -x", p -> words(p.replaceAll("(?m)^\\d{7}", ""), 4)),
            new Form("od -An -tx4", p -> words(p, 8)),
            new Form("od -tx8", p -> words(p.replaceAll("(?m)^\\d{7}", ""), 16)),
            new Form("hexdump", p -> words(p.replaceAll("(?m)^[0-9a-f]{7}", ""), 4)),
            new Form("iconv -t UTF-16LE | xxd", p -> run("xxd -r | iconv -c -f UTF-16LE", p)
                    + String.join("", p.replaceAll("(?m)^.*  ", "").replace(".", "").split("\n"))),
            new Form("iconv -t UTF-16LE | xxd -p", p -> run("xxd -r -p | iconv -c -f UTF-16LE", p)),
            new Form("iconv -t UTF-16BE | od -An -tx1", p -> numbers(p, "\\b([0-9a-f]{2})\\b", 16).replace("\0", "")),
            new Form("xxd -e", p -> words(p.replaceAll("(?m)^[0-9a-f]{8}:", "").replaceAll("(?m)  .*$", ""), 8)));

    @Test
    void aKeyInAFormItsReaderTurnsBackIsMasked() throws Exception {
        List<String> shown = new java.util.ArrayList<>();  // every form that showed a piece, to see them all at once
        for (Form f : FORMS) {
            String printed = run(f.command(), FILE);
            for (String out : List.of(MASKER.mask(printed), streamed(printed, 1), streamed(printed, 7), streamed(printed, 100))) {
                String back = f.back().apply(out);
                if (piece(back) != null) {
                    shown.add(f.command() + " showed " + piece(back) + " in\n" + out);
                    break;
                }
            }
            // base32 and base64 are written back masked: they still decode, to the file with the detectors' placeholders.
            if (f.command().contains("base")) {
                String back = f.back().apply(MASKER.mask(printed));
                assertTrue(back.contains("AWS_ACCESS_KEY_ID=[AWS_ACCESS_KEY]") && back.contains("contact=[EMAIL]")
                        || !shown.isEmpty() && shown.getLast().startsWith(f.command()), f.command() + ": " + back);
            }
        }
        assertEquals(List.of(), shown);
    }

    /**
     * A blob wrapped at 76 inside an answer's element (EC2's user data), read by a stream that cut it after its first
     * line: a last line of sixteen or more was taken for the blob's width once widths other than multiples of four
     * were read (base64 -w 30), and the line before read from its end, out of alignment, so the key in it passed.
     * Every length of the last line is tried. (At one of them the blob written back decodes garbled after the
     * placeholder, as it did before: nothing of the key shows.)
     */
    @Test
    void aWrappedBlobIsReadFromItsLineStartWhateverItsLastLine() {
        Masker masker = Masker.create(MaskingRules.of(List.of("email", "aws_access_key", "aws_secret_key"), java.util.Map.of(),
                List.of(), Style.REDACT), "k".getBytes(ISO_8859_1), List.of()).readingEncoded();
        String key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKE";
        for (int extra = 0; extra < 16; extra++) {
            String script = "#!/bin/bash\n# deploy the release built by the pipeline into the fleet\nexport AWS_SECRET_ACCESS_KEY=" + key
                    + "\n./deploy.sh --all" + "x".repeat(extra) + "\n";
            String wrapped = java.util.Base64.getMimeEncoder(76, "\n".getBytes(ISO_8859_1)).encodeToString(script.getBytes(ISO_8859_1));
            String xml = "<r><instanceId>i-1</instanceId><userData><value>" + wrapped + "</value></userData></r>";
            for (int piece : new int[] {1, 7, 100, xml.length()}) {
                String out = streamed(masker, xml, piece);
                String value = out.substring(out.indexOf("<value>") + 7, out.indexOf("</value>"));
                String back = new String(java.util.Base64.getMimeDecoder().decode(value), ISO_8859_1);
                assertTrue(back.contains("AWS_SECRET_ACCESS_KEY=[AWS_SECRET_KEY") && piece(back) == null, extra + "/" + piece + ": " + back);
            }
        }
    }

    /**
     * Without the card detector: it reads the digits of any numeric dump as it stands (od -t u1 of "eu-west" prints 45
     * 101 117 45 119 101 115 116, digits a card could have), failing closed, as it did before these views.
     */
    @Test
    void aFileWithNothingToMaskComesThroughAsPrinted() throws Exception {
        List<String> detectors = MaskingRules.knownDetectors().stream().filter(d -> !d.equals("credit_card")).toList();
        Masker masker = Masker.create(MaskingRules.of(detectors, java.util.Map.of(), List.of(), Style.REDACT),
                "k".getBytes(ISO_8859_1), List.of()).readingShellOutput();
        for (Form f : FORMS) {
            String printed = run(f.command(), CLEAN);
            assertEquals(printed, masker.mask(printed), f.command());
            assertEquals(printed, streamed(masker, printed, 5), f.command());
        }
    }

    /** Any seven characters in a row of a secret in text, or null. */
    private static String piece(String text) {
        for (String secret : SECRETS) {
            for (int i = 0; i + 7 <= secret.length(); i++) {
                if (text.contains(secret.substring(i, i + 7))) return secret.substring(i, i + 7);
            }
        }
        return null;
    }

    private static String streamed(String text, int piece) {
        return streamed(MASKER, text, piece);
    }

    private static String streamed(Masker masker, String text, int piece) {
        StreamMasker s = masker.stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = text.getBytes(ISO_8859_1);
        for (int i = 0; i < in.length; i += piece) out.writeBytes(s.feed(in, i, Math.min(piece, in.length - i)));
        out.writeBytes(s.finish());
        return out.toString(ISO_8859_1);
    }

    /** The bytes the numbers matching token (its first group if it has one) stand for, in that radix. */
    private static String numbers(String printed, String token, int radix) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile(token).matcher(printed);
        while (m.find()) out.append((char) (Integer.parseInt(m.groupCount() > 0 ? m.group(1) : m.group(), radix) & 0xFF));
        return out.toString();
    }

    /** The bytes of little-endian words of the given number of hex digits. */
    private static String words(String printed, int digits) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\\b[0-9a-f]{" + digits + "}\\b").matcher(printed);
        while (m.find()) {
            byte[] b = HexFormat.of().parseHex(m.group());
            for (int k = b.length - 1; k >= 0; k--) out.append((char) (b[k] & 0xFF));
        }
        return out.toString();
    }

    private static String run(String command, String input) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(ISO_8859_1));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), ISO_8859_1);
        p.waitFor();
        return out;
    }
}
