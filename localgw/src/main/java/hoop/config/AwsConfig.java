package hoop.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads the aws-specific part of a connection; every value STS would reject later is rejected here, with its place. */
final class AwsConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    // STS limits for AssumeRole: 15 minutes to 12 hours; the inline policy is at most 2048 characters (packed).
    private static final Duration MIN = Duration.ofMinutes(15);
    private static final Duration MAX = Duration.ofHours(12);
    private static final int MAX_POLICY = 2048;

    private AwsConfig() {}

    static AwsSettings settings(Fields f, Interpolator interp, Path baseDir) {
        String region = f.requireString("region");
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) throw f.require("region").error("not an AWS region: '" + region + "'");
        AwsSettings.Credentials creds = credentials(Fields.of(f.require("credentials"), interp,
                "profile", "access_key_id", "secret_access_key"));
        AwsSettings.Jit jit = jit(Fields.of(f.require("jit"), interp, "role_arn", "duration", "session_policy", "resources",
                "sts_endpoint"), baseDir);
        URI endpoint = f.get("endpoint").map(f::text).map(s -> uri(f.require("endpoint"), s)).orElse(null);
        HostPort listen = f.get("listen").map(n -> HostPort.parse(n, f.text(n))).orElse(new HostPort("127.0.0.1", 0));
        Duration bodyTimeout = f.timeout("client_body_timeout", AwsSettings.DEFAULT_CLIENT_BODY_TIMEOUT, "10m");
        Duration headerTimeout = f.timeout("client_header_timeout", AwsSettings.DEFAULT_CLIENT_HEADER_TIMEOUT, "10m");
        Duration keepalive = f.timeout("keepalive_timeout", AwsSettings.DEFAULT_KEEPALIVE_TIMEOUT, "1h");
        return new AwsSettings(region, creds, jit, endpoint, listen.host(), listen.port(), bodyTimeout, headerTimeout, keepalive);
    }

    private static AwsSettings.Credentials credentials(Fields c) {
        boolean profile = c.get("profile").isPresent();
        boolean keys = c.get("access_key_id").isPresent() || c.get("secret_access_key").isPresent();
        if (profile == keys) throw c.node().error("credentials need either profile or access_key_id + secret_access_key");
        if (profile) return new AwsSettings.Credentials(c.requireString("profile"), null, null);
        String id = c.requireString("access_key_id");
        String secret = c.requireString("secret_access_key");
        // A literal key in hoop.yaml would be copied, committed and printed: only references are accepted.
        for (String k : List.of("access_key_id", "secret_access_key")) {
            YamlNode n = c.require(k);
            if (n instanceof YamlNode.Scalar s && !s.text().contains("${")) {
                throw n.error(k + " must come from ${env:VAR} or ${file:PATH}, not be written in the file");
            }
        }
        return new AwsSettings.Credentials(null, id, secret);
    }

    private static AwsSettings.Jit jit(Fields j, Path baseDir) {
        String role = j.requireString("role_arn");
        if (!role.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) throw j.require("role_arn").error("not an IAM role ARN: '" + role + "'");
        Duration d = j.duration("duration").orElse(MIN);
        if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) throw j.require("duration").error("STS accepts 15m to 12h (got " + d + ")");
        boolean file = j.get("session_policy").isPresent();
        List<String> resources = j.strings("resources");
        if (file == !resources.isEmpty()) throw j.node().error("jit needs exactly one of session_policy (a file) or resources (ARNs)");
        String policy;
        if (file) {
            policy = policyFile(j.require("session_policy"), path(j.require("session_policy"), baseDir, j.requireString("session_policy")));
        } else {
            for (int i = 0; i < resources.size(); i++) {
                if (!resources.get(i).startsWith("arn:")) throw item(j, "resources", i).error("not an ARN: '" + resources.get(i) + "'");
            }
            policy = allowOn(resources);
        }
        if (policy.length() > MAX_POLICY) throw j.node().error("session policy is " + policy.length() + " characters; STS accepts " + MAX_POLICY);
        URI sts = j.get("sts_endpoint").map(j::text).map(s -> uri(j.require("sts_endpoint"), s)).orElse(null);
        return new AwsSettings.Jit(role, d, policy, resources, sts);
    }

    private static Path path(YamlNode at, Path baseDir, String name) {
        try {
            return baseDir.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw at.error("not a file path (" + e.getReason() + ")");
        }
    }

    private static String policyFile(YamlNode at, Path p) {
        try {
            var tree = JSON.readTree(Files.readString(p));
            if (tree == null || !tree.isObject() || !tree.has("Statement")) throw at.error("session policy " + p + " has no Statement");
            return JSON.writeValueAsString(tree); // packed: STS counts characters
        } catch (IOException e) {
            throw at.error("cannot read session policy " + p + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** resources: shorthand for a policy allowing every action on exactly those ARNs (and the objects under a bucket). */
    static String allowOn(List<String> resources) {
        ObjectNode doc = JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode st = doc.putArray("Statement").addObject().put("Effect", "Allow").put("Action", "*");
        ArrayNode res = st.putArray("Resource");
        for (String r : resources) {
            res.add(r);
            if (r.startsWith("arn:aws:s3:::") && !r.contains("/")) res.add(r + "/*");
        }
        return doc.toString();
    }

    private static URI uri(YamlNode at, String s) {
        try {
            return ConfigLoader.httpUri(s);
        } catch (RuntimeException e) {
            throw at.error("expected an http(s) URL: got '" + s + "'");
        }
    }

    private static YamlNode item(Fields f, String key, int i) {
        YamlNode n = f.require(key);
        return n instanceof YamlNode.ListNode l ? l.items().get(i) : n;
    }
}
