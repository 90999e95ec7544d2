package hoop.masking;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Masks one output stream chunk by chunk, holding back only what might be the start of a secret.
 * Not thread-safe: one instance per stream. The concatenated output equals masking the whole stream at
 * once, except that idle flushes and overlong lines can only cut at places judged safe.
 */
public final class StreamMasker {
    static final int LONG_LINE = 16 * 1024;
    static final int LONG_LINE_TAIL = 1024;
    static final int HARD_LINE = 1024 * 1024;
    static final int PEM_CAP = 256 * 1024;
    private static final int END_LINE_MAX = 4096;  // an END line (with colours) split across chunks is found within this tail
    private static final byte[] NOTHING = new byte[0];
    static final String PEM_OVERFLOW = "[PRIVATE_KEY]";
    private static final int CONTEXT_MAX = 256;
    private static final int ROWS_MAX = 8;       // rows shown by earlier writes that a cursor-up may go back to
    private static final int ROWS_CHARS = 2048;

    /** Becomes {@link MaskEngine#failingClosed} once a record was held past HOLD_CAP undecided. */
    private MaskEngine engine;
    private final boolean holdPem;
    private final StringBuilder pending = new StringBuilder();
    /**
     * The first {@code emitted} chars of pending were already sent: a prompt like "Password: " kept so
     * that the value typed after it is still recognised as an assignment.
     */
    private int emitted;
    private int pemStart = -1;         // open BEGIN marker inside pending
    private int endSearchFrom;         // END markers before here were already looked for
    private boolean discarding;        // past the PEM cap: drop everything until the END line
    private int longLineRetryAt = LONG_LINE;
    /** A record SecretPairs.holdFrom found held in pending[0, pairsScanned), while pending only grew since. */
    private int pairsHold = -1;
    private int pairsScanned;
    /** pending[0, pemClearTo) opens no key block (reset when pending's places move). */
    private int pemClearTo;
    /** Scans done for pairsLimit: a test reads it to see that holding a long record stays linear. */
    int pairsScans;
    /**
     * The tail of the raw text already shown (at least its last ROWS_CHARS + 1 chars, or all of it), from which the rows
     * a later write moving the cursor back up goes into are cut when one does: cutting them after every write cost a
     * COPY TO STDOUT a third of its gateway time.
     */
    private final StringBuilder shown = new StringBuilder();

    StreamMasker(MaskEngine engine, boolean holdPem) {
        this.engine = engine;
        this.holdPem = holdPem;
    }

    /** Takes the next chunk; returns what is safe to emit now, possibly nothing. */
    public byte[] feed(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        int newFrom = pending.length();
        pending.append(new String(chunk, off, len, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        drain(out, newFrom);
        return bytes(out);
    }

    /**
     * The producer paused, maybe waiting for input: emit up to the last safe whitespace so prompts show.
     * A trailing prompt like "Password: " is emitted and remembered, so the value typed after it is still
     * masked as an assignment.
     */
    public byte[] flushIdle() {
        if (discarding || pemStart >= 0) {
            return NOTHING;
        }
        StreamCuts.Cut cut = StreamCuts.wordCut(pending, emitted, spacedLimit(encodedLimit(pairsLimit(pending.length()))), engine.literals(), true,
                StreamCuts::idleBoundary);
        StringBuilder out = new StringBuilder();
        emitKeepingContext(out, cut);
        return bytes(out);
    }

    /**
     * Emits up to a cut inside a line, keeping what the line showed before it as context: a prompt's key (so the
     * value typed after "Password: " is still an assignment), or the line's last characters, so a backspace,
     * carriage return or cursor move written later that completes a secret on screen with them is still seen.
     */
    private void emitKeepingContext(StringBuilder out, StreamCuts.Cut cut) {
        int at = cut.at();
        if (at <= emitted) {
            return;
        }
        int from = cut.contextFrom() >= 0 ? cut.contextFrom() : lineTail(at);
        String context = from < at ? pending.substring(from, at) : null;
        emit(out, at);
        if (context != null) {
            pending.insert(0, context);
            emitted = context.length();
        }
    }

    /** Start of the last CONTEXT_MAX characters of the line that ends at {@code at} (a command's continued lines are one). */
    private int lineTail(int at) {
        int i = at;
        while (i > 0 && at - i < CONTEXT_MAX && (pending.charAt(i - 1) != '\n' || CommandPasswords.continuedAt(pending, i - 1))) {
            i--;
        }
        return i;
    }

    /** The part of the current screen line this stream has shown and keeps as context (raw), or "". */
    public String lineShown() {
        return pending.substring(0, emitted);
    }

    /**
     * Another stream sharing the screen (stdout and stderr on one terminal) was shown last and left {@code tail}
     * on the current line: it replaces this stream's own context, so what this stream shows next is masked as
     * the continuation of that line.
     */
    public void continueLine(String tail) {
        if (discarding || pemStart >= 0) {
            return;
        }
        pending.delete(0, emitted);
        pending.insert(0, tail);
        placesMoved();
        emitted = tail.length();
    }

    /**
     * What this stream holds back, unshown, of its current line (a possible start of a secret), taken away from it
     * when it and the first line of {@code next}, which another stream sharing the screen writes now, are masked
     * otherwise together than apart: a secret split between the two ("AKIAIOSF" on stdout, "ODNN7EXAMPLE" on stderr).
     * The other stream masks them together; otherwise each stream keeps its own bytes. Nothing while a key block is
     * held.
     */
    public byte[] takeHeldJoining(byte[] next, int off, int len) {
        if (!holdsLine()) {
            return NOTHING;
        }
        int from = Math.max(emitted, lastNewline(emitted) + 1);
        String context = from == emitted ? pending.substring(0, emitted) : "";
        String held = pending.substring(from);
        int end = off;
        while (end < off + len && end - off < JOIN_LOOK && next[end] != '\n') end++;
        String line = new String(next, off, end - off, StandardCharsets.ISO_8859_1);
        // A word parted between the streams whose line goes on past next may be a secret completed by a later write:
        // it stays whole with the stream that writes on.
        boolean wordGoesOn = end == off + len && len > 0 && tokenChar(held.charAt(held.length() - 1)) && tokenChar(line.charAt(0));
        if (!wordGoesOn) {
            String apart = engine.mask(context + held, context.length(), true) + engine.mask(line, 0, true);
            if (apart.equals(engine.mask(context + held + line, context.length(), true))) {
                return NOTHING;
            }
        }
        pending.setLength(from);
        placesMoved();
        return held.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** How much of the other stream's line is read to tell whether a secret spans the two. */
    private static final int JOIN_LOOK = 4096;

    /** Whether this stream holds back part of its current line that {@link #takeHeld} would hand over. */
    public boolean holdsLine() {
        return !discarding && pemStart < 0 && pending.length() > Math.max(emitted, lastNewline(emitted) + 1);
    }

    /** End of stream: mask and emit everything; an unterminated key block is masked to the end. */
    public byte[] finish() {
        StringBuilder out = new StringBuilder();
        // An unfinished last line stays on screen: another stream may go on writing after it (lineShown).
        String tail = discarding || pemStart >= 0 ? "" : pending.substring(lineTail(pending.length()));
        if (!discarding) {
            emit(out, pending.length());
        }
        pending.setLength(0);
        pending.append(tail);
        placesMoved();
        emitted = tail.length();
        pemStart = -1;
        discarding = false;
        return bytes(out);
    }

    private void drain(StringBuilder out, int newFrom) {
        while (true) {
            if (discarding) {
                if (!discardUntilEnd()) {
                    return;
                }
                newFrom = 0;
            }
            if (pemStart >= 0) {
                if (!pemClosedByLine()) {
                    enforcePemCap(out);
                    return;
                }
                pemStart = -1;
                newFrom = 0;
            }
            int lastNl = lastNewline(newFrom);
            if (lastNl < 0) {
                break;
            }
            int open = holdPem ? openPemHeader(lastNl + 1) : -1;
            int cut = StreamCuts.lineCut(pending, spacedLimit(encodedLimit(pairsLimit(open >= 0 ? lineStart(open) : lastNl + 1))),
                    engine.literals());
            emit(out, cut);
            if (open < 0) {
                break;
            }
            pemStart = open - cut;
            endSearchFrom = pemStart;
        }
        splitLongLine(out);
    }

    /** Held blocks are released only once the END marker and the line break after it have arrived. */
    private boolean pemClosedByLine() {
        // The END line is the one that was incomplete at the last search, or a later one.
        int from = Math.max(pemStart, endSearchFrom - END_LINE_MAX);
        for (int i = Math.min(endSearchFrom, pending.length()) - 1; i >= from; i--) {
            if (pending.charAt(i) == '\n') {
                from = i + 1;
                break;
            }
        }
        if (!PemMarkers.endLine(pending, from)) {
            endSearchFrom = pending.length();
            return false;
        }
        return true;
    }

    /** Fail closed: a key block too large to hold is replaced wholesale, and the rest of it dropped. */
    private void enforcePemCap(StringBuilder out) {
        if (pending.length() - pemStart <= PEM_CAP) {
            return;
        }
        emit(out, pemStart);
        out.append(PEM_OVERFLOW);
        pemStart = -1;
        discarding = true;
        discardUntilEnd();
    }

    /** Drops held key material up to the END marker; returns true once the marker was found. */
    private boolean discardUntilEnd() {
        placesMoved();
        int end = PemMarkers.endOf(pending);
        if (end >= 0) {
            pending.delete(0, end);
            discarding = false;
            emitted = 0;
            return true;
        }
        pending.delete(0, Math.max(0, pending.length() - END_LINE_MAX));
        emitted = 0;
        return false;
    }

    /** pending changed other than at its end: what was found at its old places (a hold, a clear stretch) no longer holds. */
    private void placesMoved() {
        pairsHold = -1;
        pemClearTo = 0;
    }

    /** Index of the first BEGIN marker before {@code limit} without an END marker before {@code limit}. */
    private int openPemHeader(int limit) {
        // pending[0, pemClearTo) was found to open no block: only what came after (and a marker's length before it,
        // for one parted between pieces) can, unless it holds something like a marker. Searching all that is held
        // with each piece was quadratic while a record was held.
        if (limit >= pemClearTo) {
            int from = Math.max(0, pemClearTo - MARKER_PART);
            if (indexOf("-----", from, limit) < 0 && indexOf("BEGIN", from, limit) < 0) {
                pemClearTo = limit;
                return -1;
            }
        }
        int open = PemMarkers.openHeader(pending, limit);
        if (open < 0) pemClearTo = Math.max(pemClearTo, limit);
        return open;
    }

    /** Wider than a marker's dashes or word, so one parted between two pieces is seen whole. */
    private static final int MARKER_PART = 8;

    private int indexOf(String s, int from, int limit) {
        int i = pending.indexOf(s, from);
        return i >= 0 && i + s.length() <= limit ? i : -1;
    }

    /** A line without breaks can still not be held forever: cut it at a safe place well before its end. */
    private void splitLongLine(StringBuilder out) {
        if (pemStart >= 0 || discarding || pending.length() <= longLineRetryAt) {
            return;
        }
        int limit = pairsLimit(pending.length() - LONG_LINE_TAIL);
        StreamCuts.Cut cut = StreamCuts.wordCut(pending, emitted, limit, engine.literals(), false, StreamCuts::idleBoundary);
        if (cut.at() == 0 && pending.length() > HARD_LINE) {
            cut = StreamCuts.wordCut(pending, emitted, limit, engine.literals(), false, c -> !tokenChar(c));
            cut = cut.at() == 0 ? new StreamCuts.Cut(limit, -1) : cut;
        }
        emitKeepingContext(out, cut);
        // Without a cut, retry only after another tail's worth, or a quarter of what is held, arrived: each try reads
        // what is held, so byte-wise feeding stays linear even while a record holds a megabyte.
        longLineRetryAt = Math.max(LONG_LINE, pending.length() + Math.max(LONG_LINE_TAIL, (pending.length() - emitted) / 4));
    }

    /**
     * A cut must not part a name/value pair's fields (in either order, over lines): not after where a record that
     * may still pair with what has not arrived begins. Memory stays bounded: one held past HOLD_CAP is cut anyway,
     * and this stream then fails closed: from there on every value of a record is masked as a secret's (the held
     * record's context is gone; a Kubernetes Secret's data holds any key).
     */
    private int pairsLimit(int limit) {
        if (!engine.readsPairs() || limit <= emitted) return limit;
        // While a record stays open, each piece would scan all that is held again: quadratic in the pieces of a large
        // one (a 256 KiB Secret in 64-byte pieces took seconds). Look again once a quarter more has come.
        if (pairsHold >= emitted && limit >= pairsScanned && limit < pairsScanned + Math.max(RESCAN_MIN, (pairsScanned - pairsHold) / 4)) {
            return pairsHold;
        }
        pairsScans++;
        int h = SecretPairs.holdFrom(pending.subSequence(0, limit));
        if (h >= emitted && limit - h > HOLD_CAP) {
            engine = engine.failingClosed();
        }
        if (h < emitted || limit - h > HOLD_CAP) {
            pairsHold = -1;
            return limit;
        }
        pairsHold = h;
        pairsScanned = limit;
        return h;
    }

    /**
     * Kubernetes keeps an object, a Secret's data with it, under 1 MiB (etcd's limit); printed as JSON or YAML with its
     * values in base64 it stays under this, so a Secret is held whole until its kind decides (kubectl prints data
     * before kind).
     */
    static final int HOLD_CAP = 2 * 1024 * 1024;
    private static final int RESCAN_MIN = 4096;

    /**
     * A cut must not part the lines of a dump or a wrapped base64 blob that a secret runs over (xxd prints 16 bytes a
     * line, xxd -b 6): the last such lines before limit are held until more arrives or the stream ends, also over a
     * pause, so they are read with the lines after them.
     */
    private int encodedLimit(int limit) {
        if (!engine.readsEncoded() || limit <= emitted) return limit;
        return Math.max(emitted, DumpView.holdFrom(pending, limit));
    }

    /**
     * A cut must not part a run of short lines (a character or a group of them a line: fold -w1, grep -o .), which
     * the spaced view (SpacedText) reads joined: the trailing ones are held until more arrives or the stream ends.
     */
    private int spacedLimit(int limit) {
        if (!engine.readsEncoded() || limit <= emitted) return limit;
        return Math.max(emitted, SpacedText.holdFrom(pending, limit));
    }

    /** Characters that can occur inside one token-shaped secret (and a password hash: $6$..., SCRAM's ':', {SSHA}). */
    private static boolean tokenChar(char c) {
        return Ascii.isAlnum(c) || "+/=_-.@%$\\:{}*,".indexOf(c) >= 0;
    }

    private void emit(StringBuilder out, int cut) {
        if (cut <= emitted) {
            return;
        }
        String rows = emitted == 0 && !shown.isEmpty() && movesUp(pending, cut) ? lastRows(shown) : "";
        boolean withRows = !rows.isEmpty();
        if (withRows) {
            // The cursor goes back to rows an earlier write showed: they are the context of what is written there.
            pending.insert(0, rows);
            emitted = rows.length();
            cut += emitted;
        }
        String text = pending.substring(0, cut);
        out.append(engine.mask(text, emitted, true));
        if (withRows || text.length() > ROWS_CHARS) shown.setLength(0);
        shown.append(text, Math.max(0, text.length() - ROWS_CHARS - 1), text.length());
        if (shown.length() > 2 * ROWS_CHARS) shown.delete(0, shown.length() - ROWS_CHARS - 1);
        emitted = 0;
        pending.delete(0, cut);
        placesMoved();
        longLineRetryAt = LONG_LINE;
    }

    /** The last ROWS_MAX rows (up to ROWS_CHARS chars) of shown text, raw. */
    private static String lastRows(StringBuilder t) {
        int cut = t.length();
        int start = cut;
        int rows = 0;
        while (start > 0 && cut - start < ROWS_CHARS) {
            if (t.charAt(start - 1) == '\n' && start < cut && ++rows > ROWS_MAX) {
                break;
            }
            start--;
        }
        if (start > 0 && t.charAt(start - 1) != '\n') {  // stopped inside a row: begin at the next one
            int nl = t.indexOf("\n", start);
            start = nl < 0 ? cut : nl + 1;
        }
        return t.subSequence(start, cut).toString();
    }

    /** Whether pending[0, cut) moves the cursor up (CUU, CPL, reverse index; 7-bit, 8-bit or UTF-8 C1). */
    private static boolean movesUp(StringBuilder s, int cut) {
        int esc = s.indexOf("\u001B");  // vectorised: the usual text has none of these
        int c1 = Math.min(unsigned(s.indexOf("\u008D")), unsigned(s.indexOf("\u009B")));
        for (int i = Math.min(unsigned(esc), c1); i < cut; i++) {
            char c = s.charAt(i);
            int k;
            if (c == 0x1B && i + 1 < cut) {
                char n = s.charAt(i + 1);
                if (n == 'M') return true;
                if (n != '[') continue;
                k = i + 2;
            } else if (c == 0x8D) {
                return true;
            } else if (c == 0x9B) {
                k = i + 1;
            } else {
                continue;
            }
            while (k < cut && Ascii.isDigit(s.charAt(k))) k++;
            if (k < cut && (s.charAt(k) == 'A' || s.charAt(k) == 'F')) return true;
        }
        return false;
    }

    private static int unsigned(int index) {
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private int lastNewline(int from) {
        for (int i = pending.length() - 1; i >= from; i--) {
            if (pending.charAt(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int lineStart(int i) {
        while (i > 0 && pending.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    private static byte[] bytes(StringBuilder out) {
        return out.isEmpty() ? NOTHING : out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
