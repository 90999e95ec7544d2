package hoop.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Two listeners on one port fail only when the gateway binds them, with "address already in use" that reads like
 * another process: a file that cannot start is rejected on load, at the second listen, naming the first.
 */
final class ListenAddresses {
    private static final Set<String> ANY = Set.of("", "*", "0.0.0.0", "::", "[::]");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");

    private record Listener(String owner, HostPort address, Location where) {}

    private final List<Listener> seen = new ArrayList<>();

    /** owner: how the error names the first listener; where: null for the gateway's default address. */
    void add(String owner, HostPort address, YamlNode at) {
        Location where = at == null ? null : at.location();
        for (Listener l : seen) {
            if (address.port() != 0 && address.port() == l.address().port() && overlap(address.host(), l.address().host())) {
                String first = l.where() == null ? "the default " : "line " + l.where().line() + ", ";
                throw at.error("port " + address.port() + " is already taken by " + l.owner() + " (" + first
                        + l.address().host() + ":" + l.address().port() + ")");
            }
        }
        seen.add(new Listener(owner, address, where));
    }

    private static boolean overlap(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals(y) || ANY.contains(x) || ANY.contains(y) || (LOOPBACK.contains(x) && LOOPBACK.contains(y));
    }
}
