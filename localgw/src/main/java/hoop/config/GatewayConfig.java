package hoop.config;

/**
 * listenHost/listenPort: the local control API; port 0 picks a free port (written to gateway.addr).
 * requestBodyMemoryMb: how much memory AWS request bodies read whole before judging, and answers held whole to be
 * masked, may hold, all together (0: a quarter of the heap, at least 64). The key keeps its name: it was the first use.
 */
public record GatewayConfig(String listenHost, int listenPort, String store, Durability durability, int requestBodyMemoryMb) {
    /** One body of the largest size hoop reads whole (DynamoDB BatchWriteItem's 16 MB, with room for encoding). */
    public static final int MIN_REQUEST_BODY_MEMORY_MB = 17;

    /** See hoop.store.Durability: process (default) or power-loss. */
    public enum Durability { PROCESS, POWER_LOSS }
}
