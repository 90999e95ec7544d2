package hoop.core;

import java.util.List;

/**
 * What a client asked a connection to do, before any judgement. Adapters fill in what their protocol
 * carries: shell connections an argv (and the script text when a shell interprets it), SQL ones the text.
 */
public record Command(Session session, String text, List<String> argv) {
    public Command {
        argv = List.copyOf(argv);
    }

    public String connection() {
        return session.connection();
    }
}
