package hoop.gateway;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty settings for a gateway serving traffic, set by the processes that run one (`hoop gateway`, the benches'
 * gateway process) and not by tests, which keep Netty's default leak sampling to catch a buffer never released.
 */
public final class ProductionNetty {
    private ProductionNetty() {
    }

    /**
     * Leak sampling records a stack trace for one buffer in 128: about 2% of the event loops' time on a select-only
     * load, for a report nobody reads in production. An operator who sets io.netty.leakDetection.level keeps theirs.
     */
    public static void apply() {
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
