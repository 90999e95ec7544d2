package hoop.config;

import hoop.core.Decision;
import hoop.core.RunAs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** hoop.yaml into {@link HoopConfig}: unknown fields, bad values and dangling references all fail with a location. */
public final class ConfigLoader {
    static final Set<String> CONNECTION_TYPES = Set.of("command", "postgres", "aws");
    static final Set<String> PLANNED_TYPES = Set.of("mysql");

    private ConfigLoader() {}

    public static HoopConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new Location(file, 0, 0), "", "file not found");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw notUtf8(file);
        } catch (IOException e) {
            throw new ConfigException(new Location(file, 0, 0), "", "cannot read: " + e.getMessage());
        }
        return parse(file, text, env);
    }

    /** Where the first byte that is not UTF-8 stands: an editor shows the file fine in Latin-1, so "line 0" helps no one. */
    private static ConfigException notUtf8(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            return new ConfigException(new Location(file, 0, 0), "", "cannot read: " + e.getMessage());
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(in, java.nio.CharBuffer.allocate(b.length), true);
        int at = in.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (b[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String bad = at < b.length ? String.format(" (byte 0x%02X)", b[at] & 0xff) : "";
        return new ConfigException(new Location(file, line, at - lineStart + 1), "", "not UTF-8 text" + bad);
    }

    public static HoopConfig parse(Path file, String text, Map<String, String> env) {
        Path base = file.toAbsolutePath().getParent();
        Interpolator interp = new Interpolator(env, base == null ? Path.of(".") : base);
        Fields root = Fields.of(YamlReader.read(file, text), interp, "gateway", "connections", "policies", "masking", "identity", "notify");
        GatewayConfig gateway = gateway(root, interp);
        Map<String, PolicyConfig> policies = new LinkedHashMap<>();
        root.get("policies").ifPresent(n -> named(n).forEach((name, node) -> policies.put(name, policy(name, node, interp))));
        Map<String, MaskingConfig> masking = new LinkedHashMap<>();
        root.get("masking").ifPresent(n -> named(n).forEach((name, node) -> masking.put(name, masking(name, node, interp))));
        List<ConnectionConfig> connections = new ArrayList<>();
        Set<String> names = new HashSet<>();
        ListenAddresses listeners = new ListenAddresses();
        listeners.add("gateway.listen", new HostPort(gateway.listenHost(), gateway.listenPort()),
                root.get("gateway").map(g -> ((YamlNode.MapNode) g).entries().get("listen")).orElse(null));
        root.get("connections").ifPresent(n -> {
            if (!(n instanceof YamlNode.ListNode list)) throw n.error("expected a list of connections");
            for (YamlNode item : list.items()) {
                ConnectionConfig c = connection(item, interp, policies, masking);
                if (!names.add(c.name())) throw item.error("duplicate connection name '" + c.name() + "'");
                YamlNode listen = ((YamlNode.MapNode) item).entries().get("listen");
                if (c.postgres() != null) listeners.add("connection " + c.name(), new HostPort(c.postgres().listenHost(), c.postgres().listenPort()), listen);
                if (c.aws() != null && listen != null) listeners.add("connection " + c.name(), new HostPort(c.aws().listenHost(), c.aws().listenPort()), listen);
                connections.add(c);
            }
        });
        java.net.URI webhook = root.get("notify").map(n -> Fields.of(n, interp, "webhook"))
                .flatMap(f -> f.parsed("webhook", ConfigLoader::httpUri, "an http(s) URL")).orElse(null);
        IdentityConfig identity = root.get("identity").map(n -> identity(n, interp)).orElse(IdentityConfig.local());
        return new HoopConfig(file, gateway, List.copyOf(connections), Map.copyOf(policies), Map.copyOf(masking),
                interp.resolvedSecrets(), webhook, identity);
    }

    private static LinkedHashMap<String, YamlNode> named(YamlNode n) {
        if (!(n instanceof YamlNode.MapNode m)) throw n.error("expected a mapping of name to definition");
        return m.entries();
    }

    private static GatewayConfig gateway(Fields root, Interpolator interp) {
        if (root.get("gateway").isEmpty()) return new GatewayConfig("127.0.0.1", 8009, "sqlite", GatewayConfig.Durability.PROCESS, 0);
        YamlNode node = root.get("gateway").get();
        Fields f = Fields.of(node, interp, "listen", "store", "durability", "request_body_memory_mb");
        HostPort listen = f.get("listen").map(n -> HostPort.parse(n, f.text(n))).orElse(new HostPort("127.0.0.1", 8009));
        String store = f.string("store", "sqlite");
        if (!store.equals("sqlite")) throw f.require("store").error("unknown store '" + store + "' (supported: sqlite)");
        int bodyMemory = f.parsed("request_body_memory_mb", Integer::parseInt, "a number of MiB").orElse(0);
        if (f.get("request_body_memory_mb").isPresent() && bodyMemory < GatewayConfig.MIN_REQUEST_BODY_MEMORY_MB) {
            throw f.require("request_body_memory_mb").error("request_body_memory_mb must be at least "
                    + GatewayConfig.MIN_REQUEST_BODY_MEMORY_MB + " (one request body of the largest size AWS takes), got " + bodyMemory);
        }
        return new GatewayConfig(listen.host(), listen.port(), store,
                f.enumValue("durability", GatewayConfig.Durability.class, GatewayConfig.Durability.PROCESS), bodyMemory);
    }

    private static IdentityConfig identity(YamlNode node, Interpolator interp) {
        Fields f = Fields.of(node, interp, "mode", "issuer", "client_id", "audience", "groups_claim", "scopes", "clock_skew");
        IdentityConfig.Mode mode = f.enumValue("mode", IdentityConfig.Mode.class, IdentityConfig.Mode.LOCAL);
        java.net.URI issuer = f.parsed("issuer", ConfigLoader::httpUri, "an http(s) URL").orElse(null);
        if (issuer != null && issuer.getScheme().equals("http") && !isLoopback(issuer.getHost())) {
            throw f.require("issuer").error("issuer must be https (plain http only for localhost), got '" + issuer + "'");
        }
        String clientId = f.string("client_id", null);
        String audience = f.string("audience", null);
        if (mode == IdentityConfig.Mode.OIDC) {
            if (issuer == null) f.require("issuer");
            if (audience == null || audience.isBlank()) f.require("audience");
        } else {
            for (String k : List.of("audience", "groups_claim", "clock_skew")) {
                if (f.get(k).isPresent()) throw f.require(k).error(k + " only applies to mode: oidc");
            }
        }
        String groupsClaim = f.string("groups_claim", "groups");
        if (groupsClaim.isBlank()) throw f.require("groups_claim").error("groups_claim must name a claim");
        List<String> scopes = f.get("scopes").isPresent() ? f.strings("scopes") : List.of("openid");
        java.time.Duration skew = f.duration("clock_skew").orElse(java.time.Duration.ofSeconds(30));
        if (skew.compareTo(java.time.Duration.ofMinutes(5)) > 0) throw f.require("clock_skew").error("clock_skew may be at most 5m");
        return new IdentityConfig(mode, issuer, clientId, audience, groupsClaim, scopes, skew, node.location());
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    private static ConnectionConfig connection(YamlNode node, Interpolator interp, Map<String, PolicyConfig> policies,
                                               Map<String, MaskingConfig> masking) {
        Fields any = Fields.of(node, interp, "name", "type", "command", "env", "run_as", "policies", "masking", "listen", "upstream",
                "record_rows", "auth_timeout", "region", "credentials", "jit", "endpoint", "client_body_timeout",
                "client_header_timeout", "keepalive_timeout");
        String type = any.requireString("type");
        // The type first: the fields a misspelt one allows would be reported instead ("type: postgre" -> "unknown field listen").
        if (PLANNED_TYPES.contains(type)) throw any.require("type").error("connection type '" + type + "' is not supported by this build yet");
        if (!CONNECTION_TYPES.contains(type)) throw any.require("type").error("unknown connection type '" + type + "' (expected one of " + CONNECTION_TYPES + ")");
        Fields f = switch (type) {
            case "postgres" -> Fields.of(node, interp, "name", "type", "policies", "masking", "listen", "upstream", "record_rows", "auth_timeout");
            case "aws" -> Fields.of(node, interp, "name", "type", "command", "policies", "masking", "listen", "region",
                    "credentials", "jit", "endpoint", "client_body_timeout",
                "client_header_timeout", "keepalive_timeout");
            default -> Fields.of(node, interp, "name", "type", "command", "env", "run_as", "policies", "masking");
        };
        String name = f.requireString("name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) throw f.require("name").error("invalid connection name '" + name + "'");
        List<String> command = List.of();
        PostgresSettings postgres = null;
        AwsSettings aws = null;
        if (type.equals("postgres")) {
            postgres = PostgresConfig.settings(f, interp);
        } else if (type.equals("aws")) {
            aws = AwsConfig.settings(f, interp, node.location().file().toAbsolutePath().getParent());
            command = f.get("command").map(f::stringList).orElse(List.of("aws"));
        } else {
            command = f.stringList(f.require("command"));
            if (command.isEmpty() || command.get(0).isBlank()) throw f.require("command").error("command must name a program");
        }
        RunAs runAs = f.get("run_as").isPresent() ? RunAsConfig.resolve(f.require("run_as"), f.requireString("run_as")) : null;
        List<String> pols = f.strings("policies");
        for (int i = 0; i < pols.size(); i++) {
            if (!policies.containsKey(pols.get(i))) throw listItem(f, "policies", i).error("unknown policy '" + pols.get(i) + "' (defined: " + policies.keySet() + ")");
        }
        List<String> masks = f.strings("masking");
        for (int i = 0; i < masks.size(); i++) {
            if (!masking.containsKey(masks.get(i))) throw listItem(f, "masking", i).error("unknown masking profile '" + masks.get(i) + "' (defined: " + masking.keySet() + ")");
        }
        return new ConnectionConfig(name, type, command, f.stringMap("env"), pols, masks, node.location(), postgres, aws, runAs);
    }

    private static YamlNode listItem(Fields f, String key, int i) {
        YamlNode n = f.require(key);
        return n instanceof YamlNode.ListNode l ? l.items().get(i) : n;
    }

    private static PolicyConfig policy(String name, YamlNode node, Interpolator interp) {
        Fields f = Fields.of(node, interp, "default", "unknown", "rules");
        Action def = f.enumValue("default", Action.class, Action.ALLOW);
        Action unknown = f.enumValue("unknown", Action.class, Action.DENY);
        List<RuleConfig> rules = new ArrayList<>();
        f.get("rules").ifPresent(n -> {
            if (!(n instanceof YamlNode.ListNode list)) throw n.error("expected a list of rules");
            for (int i = 0; i < list.items().size(); i++) rules.add(rule(name, i, list.items().get(i), interp));
        });
        return new PolicyConfig(name, def, unknown, List.copyOf(rules), node.location());
    }

    private static RuleConfig rule(String policy, int index, YamlNode node, Interpolator interp) {
        Fields f = Fields.of(node, interp, "name", "action", "match", "message", "timeout", "on_timeout", "approvers",
                "min_approvals", "grant", "window");
        String name = policy + "." + f.string("name", "rule" + (index + 1));
        Action action = f.enumOf(f.require("action"), Action.class);
        MatchConfig match = match(f.require("match"), interp);
        Duration timeout = f.positiveDuration("timeout").orElse(Duration.ofMinutes(5));
        Decision.OnTimeout onTimeout = f.enumValue("on_timeout", Decision.OnTimeout.class, Decision.OnTimeout.DENY);
        for (String k : List.of("timeout", "on_timeout", "approvers", "min_approvals", "grant", "window")) {
            if (action != Action.REVIEW && f.get(k).isPresent()) throw f.require(k).error(k + " only applies to action: review");
        }
        List<String> approvers = f.strings("approvers");
        for (int i = 0; i < approvers.size(); i++) {
            String a = approvers.get(i);
            if (!a.equals("self") && !a.matches("(user|group):\\S+")) {
                throw listItem(f, "approvers", i).error("approver must be self, user:NAME or group:NAME (got '" + a + "')");
            }
        }
        int min = f.parsed("min_approvals", Integer::parseInt, "a number").orElse(1);
        if (min < 1) throw f.require("min_approvals").error("must be at least 1");
        String grant = f.string("grant", "once");
        if (!grant.equals("once")) throw f.require("grant").error("grant is once (or give window: DURATION)");
        Duration window = f.positiveDuration("window").orElse(null);
        return new RuleConfig(name, action, match, f.string("message", null), timeout, onTimeout, approvers, min, window,
                node.location());
    }

    private static MatchConfig match(YamlNode node, Interpolator interp) {
        Fields f = Fields.of(node, interp, "argv", "kind", "text", "users", "groups", "flags", "tables", "unbounded",
                "operation", "resource");
        Boolean unbounded = f.parsed("unbounded", ConfigLoader::bool, "true or false").orElse(null);
        MatchConfig m = new MatchConfig(f.strings("argv"), f.strings("kind"), f.strings("text"), f.strings("users"),
                f.strings("groups"), f.strings("flags"), f.strings("tables"), unbounded, node.location(),
                f.strings("operation"), f.strings("resource"), node.path());
        if (m.isEmpty()) throw node.error("match needs at least one condition (argv, kind, text, users, groups, flags, tables, "
                + "unbounded, operation, resource)");
        return m;
    }

    static java.net.URI httpUri(String s) {
        java.net.URI u = java.net.URI.create(s);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) throw new IllegalArgumentException("got '" + s + "'");
        // "http:hooks" or "https:///x" parse as URIs without a host: accepted, they failed at each use instead.
        if (u.getHost() == null || u.getHost().isEmpty()) throw new IllegalArgumentException("no host in '" + s + "'");
        return u;
    }

    static Boolean bool(String s) {
        if ("true".equalsIgnoreCase(s)) return true;
        if ("false".equalsIgnoreCase(s)) return false;
        throw new IllegalArgumentException("got '" + s + "'");
    }

    private static MaskingConfig masking(String name, YamlNode node, Interpolator interp) {
        Fields f = Fields.of(node, interp, "detectors", "patterns", "style", "columns");
        List<String> detectors = new ArrayList<>();
        Map<String, String> styles = new LinkedHashMap<>();
        Map<String, Location> where = new LinkedHashMap<>();
        f.get("detectors").ifPresent(n -> {
            List<YamlNode> items = n instanceof YamlNode.ListNode l ? l.items() : List.of(n);
            for (YamlNode item : items) {
                if (item instanceof YamlNode.MapNode) {
                    Fields d = Fields.of(item, interp, "name", "style");
                    detectors.add(d.requireString("name"));
                    where.put(d.requireString("name"), item.location());
                    if (d.get("style").isPresent()) styles.put(d.requireString("name"), d.requireString("style"));
                } else {
                    detectors.add(f.value(item));
                    where.put(f.value(item), item.location());
                }
            }
        });
        List<MaskingConfig.PatternConfig> patterns = new ArrayList<>();
        f.get("patterns").ifPresent(n -> {
            if (!(n instanceof YamlNode.ListNode list)) throw n.error("expected a list of patterns");
            for (YamlNode item : list.items()) {
                Fields p = Fields.of(item, interp, "name", "regex");
                try {
                    java.util.regex.Pattern.compile(p.requireString("regex"));
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw p.require("regex").error("invalid regex: " + e.getDescription());
                }
                patterns.add(new MaskingConfig.PatternConfig(p.requireString("name"), p.requireString("regex"), p.require("regex").location()));
            }
        });
        return new MaskingConfig(name, List.copyOf(detectors), Map.copyOf(styles), List.copyOf(patterns),
                f.string("style", "redact"), node.location(), Map.copyOf(where), f.stringMap("columns"));
    }
}
