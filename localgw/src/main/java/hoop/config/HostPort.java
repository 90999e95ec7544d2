package hoop.config;

/** host:port as written in config; port 0 means "any free port". */
public record HostPort(String host, int port) {
    static HostPort parse(YamlNode node, String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (RuntimeException e) {
            port = -1;
        }
        if (colon <= 0 || port < 0 || port > 65535) throw node.error("expected host:port (got '" + text + "')");
        return new HostPort(text.substring(0, colon), port);
    }
}
