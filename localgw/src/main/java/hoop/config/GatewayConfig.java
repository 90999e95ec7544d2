package hoop.config;

/** listenHost/listenPort: the local control API; port 0 picks a free port (written to gateway.addr). */
public record GatewayConfig(String listenHost, int listenPort, String store, Durability durability) {
    /** See hoop.store.Durability: process (default) or power-loss. */
    public enum Durability { PROCESS, POWER_LOSS }
}
