package hoop.protocol.awshttp;

import java.time.Duration;

/**
 * How long an aws connection's client may keep a connection busy without moving it on, as nginx's settings of the
 * same names: head, the whole request head (counted from its first byte, or from the connection's opening); body,
 * a pause while a body is read; keepalive, a connection whose answers are all given and that sends nothing new.
 */
public record ClientTimeouts(Duration header, Duration body, Duration keepalive) {
    /** The shortest of them: how often a connection looks whether one has passed. */
    Duration shortest() {
        Duration s = header.compareTo(body) < 0 ? header : body;
        return keepalive.compareTo(s) < 0 ? keepalive : s;
    }
}
