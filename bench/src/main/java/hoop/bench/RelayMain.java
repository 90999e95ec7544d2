package hoop.bench;

/**
 * Runs {@link TcpRelay} in front of a local port until killed and prints the port it took, so a shell benchmark can
 * put the floor of a JVM proxy (Netty, epoll, nothing judged or recorded) beside hoop in the same run.
 */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) throws Exception {
        try (TcpRelay relay = new TcpRelay(Integer.parseInt(args[0]))) {
            System.out.println("port " + relay.port());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
