package hoop.masking;

/**
 * The screen view of {@link TerminalText}: the row a terminal is writing, and the rows above and below it that the
 * cursor can go back to, as cells with the source range that last wrote each. Tracking only the rows' lengths and
 * the cursor is enough to tell whether anything already written was overwritten, erased, shifted or gone back to
 * ({@link #changed}); only then is the text replayed with the cells kept.
 */
final class TerminalScreen {
    static final int MAX_COL = 10_000;
    private static final int PAD_RUN = 8;
    private static final int MAX_ROWS = 256;  // a screen's height and then some: rows further up are out of reach

    final TerminalText.View view = new TerminalText.View();
    private final boolean store;
    private char[] cells = new char[128];
    private int[] from = new int[128];
    private int[] to = new int[128];
    private int size;
    int col;
    int saved;
    boolean changed;

    TerminalScreen(boolean store) {
        this.store = store;
    }

    void put(char c, int a, int b) {
        col = Math.min(col, MAX_COL - 1);  // a terminal row ends: writing past it stays in its last cell
        changed |= col < size;
        pad(col + 1, a);
        if (store) {
            cells[col] = c;
            from[col] = a;
            to[col] = b;
        }
        col++;
    }

    void tab(int a) {
        col = Math.min((col / 8 + 1) * 8, MAX_COL);
    }

    /** Grows the row to n cells, new ones blank (attributed to the source at a). */
    private void pad(int n, int a) {
        if (!store) {
            size = Math.max(size, n);
            return;
        }
        if (n > cells.length) {
            int cap = Math.max(n, cells.length * 2);
            cells = java.util.Arrays.copyOf(cells, cap);
            from = java.util.Arrays.copyOf(from, cap);
            to = java.util.Arrays.copyOf(to, cap);
        }
        for (; size < n; size++) {
            cells[size] = ' ';
            from[size] = a;
            to[size] = a;
        }
    }

    void blank(int s, int e, int a) {
        e = Math.min(e, size);
        changed |= s < e;
        for (int i = s; store && i < e; i++) {
            cells[i] = ' ';
            from[i] = a;
            to[i] = a;
        }
    }

    void erase(int mode, int a) {
        switch (mode) {
            case 1 -> blank(0, col + 1, a);
            case 2 -> blank(0, size, a);
            default -> {
                changed |= col < size;
                size = Math.min(size, col);
            }
        }
    }

    void delete(int k) {
        if (col >= size) return;
        changed = true;
        int m = Math.min(k, size - col);
        if (store) {
            System.arraycopy(cells, col + m, cells, col, size - col - m);
            System.arraycopy(from, col + m, from, col, size - col - m);
            System.arraycopy(to, col + m, to, col, size - col - m);
        }
        size -= m;
    }

    void insert(int k, int a) {
        if (col >= size) return;
        changed = true;
        int old = size;
        k = Math.min(k, MAX_COL - col);
        pad(size + k, a);
        if (store) {
            System.arraycopy(cells, col, cells, col + k, old - col);
            System.arraycopy(from, col, from, col + k, old - col);
            System.arraycopy(to, col, to, col + k, old - col);
            blank(col, col + k, a);
        }
        size = Math.min(size, MAX_COL);  // cells pushed past the row's end fall off it
    }

    /** Rows the cursor may still go back to: above the current one (nearest last) and below it (nearest last). */
    private final java.util.ArrayDeque<Row> above = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Row> below = new java.util.ArrayDeque<>();

    private record Row(char[] cells, int[] from, int[] to, int size) {
    }

    private Row save() {
        return store ? new Row(java.util.Arrays.copyOf(cells, size), java.util.Arrays.copyOf(from, size),
                java.util.Arrays.copyOf(to, size), size) : new Row(null, null, null, size);
    }

    private void load(Row r) {
        size = r.size();
        if (store) {
            int cap = Math.max(128, size);
            cells = java.util.Arrays.copyOf(r.cells(), cap);
            from = java.util.Arrays.copyOf(r.from(), cap);
            to = java.util.Arrays.copyOf(r.to(), cap);
        }
    }

    /** Down n rows (line feed, index, CUD); a line feed also returns the carriage (a tty's onlcr). */
    void down(int n, boolean carriageReturn) {
        for (int k = 0; k < Math.min(n, MAX_ROWS); k++) {
            above.addLast(save());
            if (below.isEmpty()) {
                size = 0;
            } else {
                load(below.removeLast());
            }
            if (above.size() > MAX_ROWS) write(above.removeFirst());  // out of reach: into the view
        }
        if (carriageReturn) col = 0;
    }

    /** Up n rows (CUU, reverse index), as far as this text has rows: what is written there next may complete them. */
    void up(int n, boolean carriageReturn) {
        for (int k = 0; k < n && !above.isEmpty(); k++) {
            below.addLast(save());
            load(above.removeLast());
            changed = true;
        }
        if (carriageReturn) col = 0;
    }

    /** Writes every row into the view and starts afresh (end of text, or a jump to an absolute row). */
    void finish() {
        while (!above.isEmpty()) write(above.removeFirst());
        write(save());
        while (!below.isEmpty()) write(below.removeLast());
        size = 0;
    }

    private void write(Row r) {
        if (!store || r.size() == 0) {
            return;
        }
        // Blanks no character wrote (a jump to a far column) count up to PAD_RUN: they separate tokens as
        // well, and the view stays within a few times the text however far the cursor jumps.
        int pad = 0;
        for (int i = 0; i < r.size(); i++) {
            pad = r.from()[i] == r.to()[i] ? pad + 1 : 0;
            if (pad <= PAD_RUN) view.add(r.cells()[i], r.from()[i], r.to()[i]);
        }
        view.add('\n', r.to()[r.size() - 1], r.to()[r.size() - 1]);
    }
}
