package hoop.cli;

import hoop.replay.Asciicast;
import hoop.replay.EventRenderer;
import hoop.replay.Style;
import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import hoop.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * `hoop replay` on a terminal: plays the recording with its original timing, scrolling like the session did.
 * Keys: space pause/resume, right/left (l/h) step one event, g/G first/last, / search, q quit. Events are read
 * from the store as they are needed (one at a time, or one screenful after a jump back), never all at once.
 */
final class ReplayPlayer {
    private final Store store;
    private final SessionRecord s;
    private final Terminal terminal;
    private final PrintWriter out;
    private final int width;
    private final double speed; // 0: no waiting
    private final Duration maxIdle;
    private EventRenderer renderer;
    private long pos; // seq of the last event on screen
    private long total;
    private Instant lastAt;
    private boolean playing = true;
    private boolean statusShown;
    private String note = "";

    ReplayPlayer(Store store, SessionRecord s, Terminal terminal, Integer width, double speed, Duration maxIdle) {
        this.store = store;
        this.s = s;
        this.terminal = terminal;
        this.out = terminal.writer();
        this.width = width != null ? width : terminal.getWidth() > 0 ? terminal.getWidth() : 100;
        this.speed = speed;
        this.maxIdle = maxIdle;
    }

    int run() throws IOException {
        long[] n = {0};
        store.forEachEvent(s.id(), e -> n[0] = e.seq());
        total = n[0];
        Attributes saved = terminal.enterRawMode();
        NonBlockingReader keys = terminal.reader();
        try {
            redrawTo(0);
            playing = true;
            while (true) {
                if (playing && pos >= total) {
                    playing = false;
                    note = "end of session";
                    status();
                }
                int c;
                if (playing) {
                    EventRecord next = fetch(pos + 1);
                    if (next == null) {
                        total = pos;
                        continue;
                    }
                    c = keys.read(Math.max(1, delay(next)));
                    if (c == NonBlockingReader.READ_EXPIRED) {
                        show(next);
                        continue;
                    }
                } else {
                    c = keys.read(1000);
                    if (c == NonBlockingReader.READ_EXPIRED) continue;
                }
                if (c == NonBlockingReader.EOF || c == 'q' || c == 3) return ExitCodes.OK;
                key(c, keys);
            }
        } finally {
            clearStatus();
            out.print("\033[?25h\r\n");
            out.flush();
            terminal.setAttributes(saved);
        }
    }

    private void key(int c, NonBlockingReader keys) throws IOException {
        if (c == 27) {
            int b = keys.read(50);
            int k = (b == '[' || b == 'O') ? keys.read(50) : -1;
            c = k == 'C' ? 'l' : k == 'D' ? 'h' : -1;
        }
        note = "";
        switch (c) {
            case ' ' -> {
                playing = !playing && pos < total;
                note = playing ? "" : pos >= total ? "end of session" : "paused";
            }
            case 'l' -> {
                playing = false;
                if (pos < total) show(fetch(pos + 1));
                else note = "end of session";
            }
            case 'h' -> {
                playing = false;
                redrawTo(Math.max(0, pos - 1));
            }
            case 'g' -> {
                playing = false;
                redrawTo(Math.min(1, total));
            }
            case 'G' -> {
                playing = false;
                redrawTo(total);
            }
            case '/' -> {
                playing = false;
                search(keys);
            }
            default -> { }
        }
        status();
    }

    private void search(NonBlockingReader keys) throws IOException {
        StringBuilder q = new StringBuilder();
        while (true) {
            clearStatus();
            out.print("/" + q);
            out.flush();
            statusShown = true;
            int c = keys.read();
            if (c == '\r' || c == '\n') break;
            if (c == 27 || c < 0) return;
            if ((c == 127 || c == 8) && q.length() > 0) q.setLength(q.length() - 1);
            else if (c >= 32) q.append((char) c);
        }
        String needle = q.toString().toLowerCase();
        if (needle.isEmpty()) return;
        EventRenderer plain = new EventRenderer(s, Style.PLAIN, width);
        long[] found = {0};
        try {
            store.forEachEventAfter(s.id(), pos, e -> {
                if (plain.render(e).toLowerCase().contains(needle)) {
                    found[0] = e.seq();
                    throw new Stop();
                }
            });
        } catch (Stop done) {
            // found it
        }
        if (found[0] == 0) {
            note = "'" + q + "' not found after event " + pos;
            return;
        }
        redrawTo(found[0]);
        note = "'" + q + "' at event " + found[0];
    }

    /** Clears the screen and shows the header and the screenful of events that ends at seq {@code target}. */
    private void redrawTo(long target) {
        statusShown = false;
        out.print("\033[H\033[2J");
        write(EventRenderer.header(s, Style.ANSI));
        renderer = new EventRenderer(s, Style.ANSI, width);
        pos = 0;
        lastAt = s.startedAt();
        long from = Math.max(1, target - Math.max(10, terminal.getHeight()));
        if (target > 0) {
            try {
                store.forEachEventAfter(s.id(), from - 1, e -> {
                    if (e.seq() > target) throw new Stop();
                    show(e);
                });
            } catch (Stop done) {
                // the window is drawn
            }
        }
        out.flush();
    }

    private void show(EventRecord e) {
        clearStatus();
        write(renderer.render(e));
        pos = e.seq();
        lastAt = e.at();
        out.flush();
    }

    private void status() {
        if (playing) return;
        clearStatus();
        if (!renderer.atLineStart()) out.print("\r\n");
        String text = String.format(" %s%d/%d  space play/pause  \u2190/\u2192 step  g/G first/last  / search  q quit ",
                note.isEmpty() ? "" : note + "  ", pos, total);
        out.print("\033[7m" + (text.length() > width ? text.substring(0, width) : text) + "\033[0m");
        statusShown = true;
        out.flush();
    }

    private void clearStatus() {
        if (statusShown) out.print("\r\033[2K");
        statusShown = false;
    }

    private void write(String text) {
        out.print(Asciicast.crlf(text)); // raw mode: the terminal no longer turns "\n" into "\r\n"
    }

    private long delay(EventRecord next) {
        if (speed == 0) return 0;
        long ms = (long) (Duration.between(lastAt, next.at()).toMillis() / speed);
        return Math.max(0, Math.min(ms, maxIdle.toMillis()));
    }

    private EventRecord fetch(long seq) {
        EventRecord[] found = {null};
        try {
            store.forEachEventAfter(s.id(), seq - 1, e -> {
                found[0] = e;
                throw new Stop();
            });
        } catch (Stop done) {
            // one row read
        }
        return found[0];
    }

    /** Ends a streamed read early. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
