package hoop.protocol.postgres;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Clients get hoop's own backend keys; a CancelRequest naming one is forwarded, with the upstream's real
 * key, to the upstream that runs that client's queries. Unknown keys are ignored, as PostgreSQL does.
 */
final class PgCancels {
    private static final Logger LOG = Logger.getLogger(PgCancels.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    record Key(int pid, int secret) {}

    record Target(InetSocketAddress upstream, int pid, int secret) {}

    private final Map<Key, Target> targets = new ConcurrentHashMap<>();

    Key register(Target target) {
        Key k;
        do {
            k = new Key(RANDOM.nextInt() & 0x7fffffff, RANDOM.nextInt());
        } while (targets.putIfAbsent(k, target) != null);
        return k;
    }

    void unregister(Key k) {
        if (k != null) targets.remove(k);
    }

    /** Off the event loop: a cancel is a short blocking connection of its own. */
    void cancel(int pid, int secret) {
        Target t = targets.get(new Key(pid, secret));
        if (t == null) return;
        Thread.ofVirtual().name("pg-cancel").start(() -> {
            try (Socket s = new Socket()) {
                s.connect(t.upstream(), 5000);
                OutputStream o = s.getOutputStream();
                o.write(java.nio.ByteBuffer.allocate(16).putInt(16).putInt(80877102).putInt(t.pid()).putInt(t.secret()).array());
                o.flush();
                s.getInputStream().read();
            } catch (Exception e) {
                LOG.log(Level.FINE, "cancel request to upstream failed", e);
            }
        });
    }
}
