package hoop.masking;

/**
 * Chooses where a stream may be cut before the rest has arrived. A cut is only safe where no secret
 * can continue across it: nothing here may split a match that masking the whole text would find.
 */
final class StreamCuts {
    private StreamCuts() {
    }

    /**
     * @param at          emit {@code [0, at)}
     * @param contextFrom when {@code >= 0}, the emitted {@code [contextFrom, at)} is a prompt such as
     *                    "Password: " whose value may follow; it must be kept as context for masking it
     */
    record Cut(int at, int contextFrom) {
        static final Cut NONE = new Cut(0, -1);
    }

    /** Position after the last line break before {@code limit} that no literal secret spans, or 0. */
    static int lineCut(CharSequence s, int limit, LiteralSecrets literals) {
        for (int i = limit - 1; i >= 0; i--) {
            if (s.charAt(i) == '\n' && !literals.mightStraddle(s, i + 1) && !AssignmentKeys.secureStringTypeEndsAt(s, i + 1)
                    && !CommandPasswords.continuedAt(s, i)) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Latest cut in {@code (floor, limit]} just after a {@code boundary} character, avoiding: a space that may
     * separate digit groups of a card, phone or IBAN; a literal secret; an assignment key whose value has
     * not arrived (cut before the key instead); and a PEM header on this line.
     *
     * @param floor       text before it was already emitted; it is searched for keys but never cut again
     * @param allowPrompt emit a key plus separator that ends the text, reporting it as context
     */
    static Cut wordCut(CharSequence s, int floor, int limit, LiteralSecrets literals, boolean allowPrompt,
                       Ascii.CharTest boundary) {
        int pem = PemMarkers.beginMarker(s);
        if (pem >= 0) {
            limit = Math.min(limit, pem);
        }
        int window = Math.max(0, limit - SHOWN_WINDOW);
        if (limit > floor && !TerminalText.plain(s.subSequence(window, limit), true)) {
            return shownCut(s, window, floor, limit, literals, allowPrompt, boundary);
        }
        for (int p = limit; p > floor; p--) {
            char c = s.charAt(p - 1);
            if (!boundary.test(c) || (c == ' ' && p >= 2 && groupChar(s.charAt(p - 2)))
                    || (c == '\n' && CommandPasswords.continuedAt(s, p - 1))
                    || literals.mightStraddle(s, p) || AssignmentKeys.secureStringTypeEndsAt(s, p)) {
                continue;
            }
            AssignmentKeys.Trailing key = AssignmentKeys.trailingKey(s, p);
            if (key == null) {
                return new Cut(p, -1);
            }
            if (allowPrompt && p == s.length() && key.hasSeparator() && !key.openQuote()) {
                return new Cut(p, key.keyStart());
            }
            int k = key.keyStart();
            if (k > floor && !literals.mightStraddle(s, k)) {
                return new Cut(k, -1);
            }
            p = k + 1;  // keep looking before the key
        }
        return Cut.NONE;
    }

    private static final int SHOWN_WINDOW = 4096;

    /**
     * {@link #wordCut} for text with escape sequences or invisible characters: the same rules applied to the text
     * as it shows (a blank after '4111\u00AD' still parts card digits; a colour between a key and its value
     * does not), over the last SHOWN_WINDOW chars before limit only, so long lines stay linear.
     */
    private static Cut shownCut(CharSequence s, int window, int floor, int limit, LiteralSecrets literals,
                                boolean allowPrompt, Ascii.CharTest boundary) {
        int from = window;
        TerminalText.View v = TerminalText.of(s.subSequence(from, limit).toString(), true).reading();
        String t = v.toString();
        for (int q = t.length(); q > 0; q--) {
            int p = from + v.sourceEnd(q - 1, q);  // not past what follows: it may be half a character
            if (p <= floor) {
                break;
            }
            char c = t.charAt(q - 1);
            if (!boundary.test(c) || (c == ' ' && q >= 2 && groupChar(t.charAt(q - 2)))
                    || (c == '\n' && CommandPasswords.continuedAt(t, q - 1)) || literals.mightStraddle(s, p)
                    || literals.mightStraddle(t, q) || AssignmentKeys.secureStringTypeEndsAt(t, q)) {
                continue;
            }
            AssignmentKeys.Trailing key = AssignmentKeys.trailingKey(t, q);
            if (key == null) {
                return new Cut(p, -1);
            }
            int k = from + v.sourceStart(key.keyStart(), key.keyStart() + 1);
            if (allowPrompt && p == s.length() && key.hasSeparator() && !key.openQuote()) {
                return new Cut(p, k);
            }
            if (k > floor && !literals.mightStraddle(s, k)) {
                return new Cut(k, -1);
            }
            q = key.keyStart() + 1;  // keep looking before the key
        }
        return Cut.NONE;
    }

    /** Where a stream may be cut at a pause: after a blank, but not a carriage return, which a later write overwrites. */
    static boolean idleBoundary(char c) {
        return c != '\r' && Ascii.isWhitespace(c);
    }

    private static boolean groupChar(char c) {
        return Ascii.isDigit(c) || Ascii.isUpper(c);
    }

}
