package hoop.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Masks one file into another, as the API proxy masks a body: text (UTF-8, an 8-bit encoding, UTF-16, gzip of text)
 * as text, by the filter that masks the child's output; anything else in place, keeping every byte's offset (see
 * BinaryMasker), so an archive or a database file stays readable.
 */
final class FileMasking {
    private static final int SAMPLE = 8192;
    private static final int PIECE = 256 << 10;

    private FileMasking() {}

    /** The file holds a compressed stream hoop cannot read (a .gz member of a tar): it cannot be written masked. */
    static final class Unreadable extends IOException {
        Unreadable(String format) {
            super("it holds " + format + "-compressed data, which hoop cannot read to mask");
        }
    }

    /** Masks in into out (created, or truncated); returns how: "text" or "binary". */
    static String mask(Path in, Path out, Supplier<OutputFilter> text, Supplier<BinaryFilter> binary) throws IOException {
        try (InputStream is = Files.newInputStream(in); OutputStream os = Files.newOutputStream(out)) {
            byte[] buf = new byte[PIECE];
            int n = is.readNBytes(buf, 0, SAMPLE);
            if (isText(buf, n)) {
                OutputFilter f = text.get();
                while (n > 0) {
                    byte[] masked = f.feed(buf, 0, n);
                    if (f.withheld() != null) throw new Unreadable(f.withheld());
                    os.write(masked);
                    n = is.read(buf);
                }
                os.write(f.finish());
                return "text";
            }
            BinaryFilter f = binary.get();
            while (n > 0) {
                ByteBuffer piece = ByteBuffer.wrap(buf, 0, n);
                try {
                    os.write(f.feed(piece));
                } catch (BinaryFilter.Unreadable e) {
                    throw new Unreadable(e.format());
                }
                os.write(buf, 0, n - f.held());
                n = is.read(buf);
            }
            os.write(f.finish());
            return "binary";
        }
    }

    /** As the proxy tells a body without a type: gzip, UTF-16 and UTF-32 by their first bytes, else no NUL and hardly a control. */
    static boolean isText(byte[] head, int len) {
        if (GzipTranscoder.sniff(head, 0, len) || WideTranscoder.sniff(head, 0, len) != null) return true;
        return hoop.core.TextBytes.fewControls(head, 0, len);
    }
}
