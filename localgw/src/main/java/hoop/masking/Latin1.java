package hoop.masking;

/**
 * Bytes seen as ISO-8859-1 characters without a copy: a result row's value, or the text around a candidate match, is
 * checked where it lies.
 */
record Latin1(byte[] b, int off, int length) implements CharSequence {
    @Override
    public char charAt(int i) {
        return (char) (b[off + i] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new Latin1(b, off + start, end - start);
    }

    @Override
    public String toString() {
        return new String(b, off, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
