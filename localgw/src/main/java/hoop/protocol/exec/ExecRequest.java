package hoop.protocol.exec;

import java.util.List;

/** What `hoop exec CONNECTION -- ARGS` asks for: arguments only; the program is fixed by the connection. */
public record ExecRequest(String connection, List<String> args) {
    public ExecRequest {
        args = List.copyOf(args);
    }
}
