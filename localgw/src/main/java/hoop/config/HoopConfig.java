package hoop.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The whole validated configuration. secrets holds every value resolved from ${env:} / ${file:}. */
public record HoopConfig(Path file, GatewayConfig gateway, List<ConnectionConfig> connections,
                         Map<String, PolicyConfig> policies, Map<String, MaskingConfig> masking, Set<String> secrets,
                         java.net.URI webhook, IdentityConfig identity) {

    public Optional<ConnectionConfig> connection(String name) {
        return connections.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
