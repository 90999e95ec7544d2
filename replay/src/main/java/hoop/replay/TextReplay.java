package hoop.replay;

import hoop.store.EventRecord;
import hoop.store.SessionRecord;
import hoop.store.Store;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Plain-text replay of one session (`hoop replay --format text`, and whenever the output is not a terminal),
 * streamed event by event. It reads only the recording, which holds masked data, so it never shows more than
 * the client saw.
 */
public final class TextReplay {
    public static final int DEFAULT_WIDTH = 100;

    private TextReplay() {}

    public static void render(Store store, SessionRecord s, PrintStream out) {
        render(s, sink -> store.forEachEvent(s.id(), sink), Style.PLAIN, DEFAULT_WIDTH, out);
    }

    /** events: feeds the session's events in seq order to the sink it is given (a store read, or a test's list). */
    public static void render(SessionRecord s, Consumer<Consumer<EventRecord>> events, Style style, int width, PrintStream out) {
        EventRenderer r = new EventRenderer(s, style, width);
        out.print(EventRenderer.header(s, style));
        events.accept(e -> out.print(r.render(e)));
        out.flush();
    }
}
