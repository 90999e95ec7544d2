package hoop.protocol.postgres;

import hoop.guard.GuardedConnection.ValueMasker;
import java.util.function.UnaryOperator;

/**
 * What the detectors cannot read in a COPY TO STDOUT row as it is written: a bytea's hex, text escapes and CSV quotes,
 * hex and base64 runs, byte codes, reversed addresses. Each view scans the row; {@link EscapedText#look} finds in one
 * scan which of them can change it (as a result value's masking asks), so a plain row (numbers, names, padding) is
 * scanned once instead of once per view. The detectors themselves run afterwards over the stream. A result value's
 * masking (PgResponseRelay.maskValue) takes the encoded, code and reversed views one by one from here.
 */
final class CopyRowMasks {
    private final ValueMasker decoded;
    private final UnaryOperator<String> plain;
    private final ValueMasker detectors;

    /** decoded: masks what codes and encoded runs spell; plain: the detectors over text; detectors: over bytes. */
    CopyRowMasks(ValueMasker decoded, UnaryOperator<String> plain, ValueMasker detectors) {
        this.decoded = decoded;
        this.plain = plain;
        this.detectors = detectors;
    }

    /** The row with what those views read masked; the same array when nothing changed. */
    byte[] mask(byte[] row) {
        int look = EscapedText.look(row, 0, row.length);
        if ((look & EscapedText.VIEWS) != 0) return everyView(row);
        // Without a backslash, quote, colon, exponent or grouped number, the hex and unescaping views find nothing.
        byte[] data = row;
        byte[] encoded = (look & EscapedText.ENCODED) != 0 ? encoded(data) : null;
        if (encoded != null) {
            // Masked labels are new text: the later views look again, as every view does.
            data = encoded;
            byte[] codes = codes(data);
            if (codes != null) data = codes;
            byte[] reversed = reversed(data);
            return reversed != null ? reversed : data;
        }
        byte[] codes = (look & EscapedText.CODES) != 0 ? codes(data) : null;
        if (codes != null) data = codes;
        if (codes == null && (look & EscapedText.AT) == 0 && !ReversedText.keyPrefix(data, 0, data.length)) return data;
        byte[] reversed = reversed(data);
        return reversed != null ? reversed : data;
    }

    /** Every view in turn, each scanning what the one before left. */
    byte[] everyView(byte[] row) {
        // The server sends one CopyData per row, so a hex run (a bytea) arrives whole.
        byte[] data = row;
        byte[] hex = BinaryValues.maskHexRuns(data, 0, data.length, decoded);
        if (hex != null) data = hex;
        byte[] unescaped = EscapedText.maskCopyRow(data, plain);
        if (unescaped != null) data = unescaped;
        byte[] encoded = encoded(data);
        if (encoded != null) data = encoded;
        byte[] codes = codes(data);
        if (codes != null) data = codes;
        byte[] reversed = reversed(data);
        return reversed != null ? reversed : data;
    }

    private byte[] encoded(byte[] b) {
        return encoded(b, 0, b.length);
    }

    private byte[] codes(byte[] b) {
        return codes(b, 0, b.length);
    }

    private byte[] reversed(byte[] b) {
        return reversed(b, 0, b.length);
    }

    /** What hex and base64 runs in b[off, off+len) spell (encode(email::bytea, 'base64')), masked; null when unchanged. */
    byte[] encoded(byte[] b, int off, int len) {
        return EncodedRuns.present(b, off, len) ? EncodedRuns.mask(b, off, len, decoded) : null;
    }

    /** What runs of byte codes spell (string_agg(to_hex(ascii(c)), ' ')), masked; null when unchanged. */
    byte[] codes(byte[] b, int off, int len) {
        return ByteCodes.present(b, off, len) ? ByteCodes.mask(b, off, len, decoded) : null;
    }

    /** What an '@' left after masking may be: an address written backwards (reverse(email)); null when unchanged. */
    byte[] reversed(byte[] b, int off, int len) {
        return ReversedText.mask(b, off, len, detectors);
    }
}
