package hoop.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a control-API caller is a process the gateway runs: a `hoop exec` child (or a process it started) runs as
 * the gateway's OS user and can read $HOOP_HOME/gateway.token, so holding the token proves nothing there. Found by the
 * socket: the caller's end of the loopback connection (in /proc/net/tcp*) held open by one of the gateway's
 * descendants. Linux only; elsewhere, and for a process that left the gateway's process tree (setsid and a double
 * fork reparent it), nothing is found.
 */
final class OwnCommands {
    private OwnCommands() {}

    static boolean isCaller(Object remote, Object local) {
        if (!(remote instanceof InetSocketAddress peer) || !(local instanceof InetSocketAddress self)) return false;
        if (peer.getAddress() == null || !peer.getAddress().isLoopbackAddress()) return false;
        List<ProcessHandle> below = ProcessHandle.current().descendants().toList();
        if (below.isEmpty()) return false;
        String inode = peerInode(peer.getPort(), self.getPort());
        if (inode == null) return false;
        String link = "socket:[" + inode + "]";
        for (ProcessHandle p : below) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(p.pid()), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (Files.readSymbolicLink(fd).toString().equals(link)) return true;
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return false;
    }

    /** The inode of the socket whose local port is the caller's and remote port ours, as /proc/net/tcp and tcp6 list it. */
    private static String peerInode(int peerPort, int ourPort) {
        String local = String.format(":%04X", peerPort);
        String remote = String.format(":%04X", ourPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(local) && f[2].endsWith(remote)) return f[9];
                }
            } catch (IOException e) {
                // not Linux, or no IPv6
            }
        }
        return null;
    }
}
