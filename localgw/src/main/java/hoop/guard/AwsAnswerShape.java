package hoop.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hoop.core.JsonStrings;
import hoop.policy.aws.AwsCliClassifier;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The aws CLI's --query and --output text, applied by hoop to an answer it masked whole. Masking finds many secrets
 * by the key beside them (a Lambda function's DB_PASSWORD variable, an ECS environment entry's name): the CLI's
 * --query picks a value out without its key, and --output text prints a map's values without their keys, so what the
 * CLI printed could no longer be masked. hoop runs the CLI with --output json and no --query, masks that answer
 * with its keys, then selects and prints as the CLI would have.
 */
public final class AwsAnswerShape {
    /** Numbers keep the text the CLI printed them in (1700000000.0 stays that, not 1.7E9). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
    private static final JacksonRuntime JMESPATH = new JacksonRuntime();

    private final List<String> launch;
    private final Expression<JsonNode> query;
    private final boolean text;
    private final boolean credential;

    private AwsAnswerShape(List<String> launch, Expression<JsonNode> query, boolean text, boolean credential) {
        this.launch = launch;
        this.query = query;
        this.text = text;
        this.credential = credential;
    }

    /**
     * Commands whose whole output is a credential the CLI made from an answer, printed under no key a detector
     * finds it by: ECR's registry password (the base64 token's decoded tail), CodeCommit's git user and password
     * (signed with the session's secret). Whoever holds one pulls, pushes or clones without hoop between.
     */
    private static final java.util.Set<List<String>> BARE_CREDENTIALS = java.util.Set.of(List.of("ecr", "get-login-password"),
            List.of("ecr-public", "get-login-password"), List.of("codecommit", "credential-helper"));

    /** What to run instead of argv (aws and its arguments), or null when its answer prints as the CLI gives it. */
    public static AwsAnswerShape of(List<String> argv) {
        // An aws connection may run another program (its command is configurable): only the CLI's options are these.
        if (argv.isEmpty() || !java.nio.file.Path.of(argv.get(0)).getFileName().toString().equals("aws")) return null;
        // The CLI's own commands print no API answer: `s3 cp s3://b/config.json -` prints the object, JSON or not.
        if (!API_ANSWERS.test(service(argv))) return null;
        if (BARE_CREDENTIALS.contains(command(argv))) return new AwsAnswerShape(List.copyOf(argv), null, false, true);
        String query = null;
        String output = null;
        List<String> launch = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--")) return null;  // what follows is not the CLI's options: left as it is
            // As argparse reads them: --query=X, and --que X, a prefix it takes for the whole option.
            String name = optionName(a);
            boolean shaping = name.equals("--query") || name.equals("--output");
            String value = !shaping ? null : a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < argv.size() ? argv.get(++i) : null;
            if (!shaping || value == null) launch.add(a);
            else if (name.equals("--query")) query = value;
            else output = value;
        }
        boolean text = "text".equals(output);
        // table and yaml keep their keys beside the values; only text prints a map's values alone. A query's result is
        // shown as JSON under table or yaml (JSON is YAML too): hoop does not draw the CLI's tables.
        if (query == null && !text) return null;
        Expression<JsonNode> compiled = null;
        if (query != null) {
            try {
                compiled = JMESPATH.compile(query);
            } catch (RuntimeException e) {
                return null;  // the CLI refuses it itself, before it calls anything
            }
        }
        launch.add("--output");
        launch.add("json");
        return new AwsAnswerShape(List.copyOf(launch), compiled, text, false);
    }

    /** Whether argv is the CLI's s3 namespace (cp, ls, sync ...), whose stdout is objects and listings, no API answer. */
    public static boolean printsObjects(List<String> argv) {
        return !argv.isEmpty() && java.nio.file.Path.of(argv.get(0)).getFileName().toString().equals("aws") && "s3".equals(service(argv));
    }

    /** Namespaces whose commands print something other than a service's answer. */
    private static final java.util.function.Predicate<String> API_ANSWERS = service -> service != null
            && !java.util.Set.of("s3", "configure", "history", "ddb", "help").contains(service);

    /** The first word naming the service (s3api, lambda), past the global options; null when there is none. */
    private static String service(List<String> argv) {
        List<String> words = command(argv);
        return words.isEmpty() ? null : words.get(0);
    }

    /** The service and command words (at most two), past the global options, which argparse takes anywhere. */
    private static List<String> command(List<String> argv) {
        List<String> words = new ArrayList<>();
        for (int i = 1; i < argv.size() && words.size() < 2; i++) {
            String a = argv.get(i);
            if (a.equals("--")) break;
            if (AwsCliClassifier.globalTakesValue(optionName(a)) && !a.contains("=")) i++;
            else if (!a.startsWith("-")) words.add(a);
        }
        return words;
    }

    /** Whether the command's whole output is a credential (see BARE_CREDENTIALS): held, and shown by {@link #credential}. */
    public boolean printsCredential() {
        return credential;
    }

    /**
     * A credential printed bare, masked: each line's value (after a {@code name=}, as git's credential helper protocol
     * has it) or the whole line. The name stays, so the client sees what it was given, not what.
     */
    public static byte[] credential(byte[] output) {
        String[] lines = new String(output, StandardCharsets.UTF_8).split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i > 0) out.append('\n');
            if (line.isBlank()) {
                out.append(line);
                continue;
            }
            int eq = line.indexOf('=');
            // A name as git's protocol has them (username, password): a base64 token's padding is no '=' between.
            boolean named = eq > 0 && eq < line.length() - 1 && line.substring(0, eq).matches("[a-z][a-z_]{0,31}");
            out.append(named ? line.substring(0, eq + 1) : "").append(CREDENTIAL);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What the aws_credential detector writes in a value's place. */
    private static final String CREDENTIAL = "[AWS_CREDENTIAL]";

    /** An option as argparse reads it: the name before any =, spelled out when given as a prefix (--que is --query). */
    private static String optionName(String word) {
        if (!word.startsWith("--")) return word;
        return AwsCliClassifier.spelledOut(word.contains("=") ? word.substring(0, word.indexOf('=')) : word);
    }

    public List<String> launch() {
        return launch;
    }

    /** The CLI's JSON answer, masked, in the form the client asked for; IOException when it is not JSON. */
    public byte[] render(byte[] maskedJson) throws IOException {
        String in = new String(maskedJson, StandardCharsets.UTF_8);
        JsonNode answer = in.isBlank() ? JSON.createObjectNode() : JSON.readTree(in);
        if (query != null) answer = query.search(answer);
        StringBuilder out = new StringBuilder();
        if (text) {
            formatText(answer, null, null, out);
        } else if (!(query == null && answer.isObject() && answer.isEmpty())) {
            json(answer, "", out);
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    // The CLI's text output (awscli/text.py): scalars of a map on one line, its nested maps and lists after it, each
    // headed by its key in capitals; a list of maps as one line per map over the scalar keys of all of them.

    private static void formatText(JsonNode item, String identifier, List<String> scalarKeys, StringBuilder out) {
        if (item == null || item.isMissingNode()) {
            out.append("None\n");
        } else if (item.isObject()) {
            formatMap(item, identifier, scalarKeys, out);
        } else if (item.isArray()) {
            formatList(item, identifier, out);
        } else {
            out.append(scalar(item)).append('\n');
        }
    }

    private static void formatList(JsonNode list, String identifier, StringBuilder out) {
        if (list.isEmpty()) return;
        boolean maps = false;
        boolean lists = false;
        for (JsonNode e : list) {
            maps |= e.isObject();
            lists |= e.isArray();
        }
        if (maps) {
            TreeSet<String> keys = new TreeSet<>();
            for (JsonNode e : list) {
                if (!e.isObject()) continue;
                for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                    var f = it.next();
                    if (!f.getValue().isContainerNode()) keys.add(f.getKey());
                }
            }
            List<String> all = List.copyOf(keys);
            for (JsonNode e : list) formatText(e, identifier, all, out);
        } else if (lists) {
            List<JsonNode> scalars = new ArrayList<>();
            List<JsonNode> nested = new ArrayList<>();
            for (JsonNode e : list) (e.isContainerNode() ? nested : scalars).add(e);
            if (!scalars.isEmpty()) scalarList(scalars, identifier, out);
            for (JsonNode n : nested) formatText(n, identifier, null, out);
        } else {
            List<JsonNode> scalars = new ArrayList<>();
            list.forEach(scalars::add);
            scalarList(scalars, identifier, out);
        }
    }

    private static void scalarList(List<JsonNode> elements, String identifier, StringBuilder out) {
        if (identifier != null) {
            for (JsonNode e : elements) out.append(identifier.toUpperCase(java.util.Locale.ROOT)).append('\t').append(scalar(e)).append('\n');
        } else {
            List<String> shown = new ArrayList<>();
            for (JsonNode e : elements) shown.add(scalar(e));
            out.append(String.join("\t", shown)).append('\n');
        }
    }

    private static void formatMap(JsonNode map, String identifier, List<String> scalarKeys, StringBuilder out) {
        List<String> scalars = new ArrayList<>();
        TreeMap<String, JsonNode> nested = new TreeMap<>();
        if (scalarKeys == null) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            map.fields().forEachRemaining(f -> sorted.put(f.getKey(), f.getValue()));
            sorted.forEach((k, v) -> {
                if (v.isContainerNode()) nested.put(k, v);
                else scalars.add(scalar(v));
            });
        } else {
            for (String k : scalarKeys) scalars.add(map.has(k) ? scalar(map.get(k)) : "");
            map.fields().forEachRemaining(f -> {
                if (!scalarKeys.contains(f.getKey())) nested.put(f.getKey(), f.getValue());
            });
        }
        if (!scalars.isEmpty()) {
            if (identifier != null) scalars.add(0, identifier.toUpperCase(java.util.Locale.ROOT));
            out.append(String.join("\t", scalars)).append('\n');
        }
        nested.forEach((k, v) -> formatText(v, k, null, out));
    }

    /** A scalar as Python's str() shows it. */
    private static String scalar(JsonNode v) {
        if (v.isNull()) return "None";
        if (v.isBoolean()) return v.booleanValue() ? "True" : "False";
        if (v.isTextual()) return v.textValue();
        return v.asText();
    }

    // JSON as the CLI prints it (Python's json.dump with indent=4 and ensure_ascii=False).

    private static void json(JsonNode v, String indent, StringBuilder out) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            out.append("null");
        } else if (v.isObject()) {
            if (v.isEmpty()) {
                out.append("{}");
                return;
            }
            String inner = indent + "    ";
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                var f = it.next();
                out.append(inner);
                JsonStrings.quote(f.getKey(), out);
                out.append(": ");
                json(f.getValue(), inner, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                out.append("[]");
                return;
            }
            String inner = indent + "    ";
            out.append("[\n");
            for (int i = 0; i < v.size(); i++) {
                out.append(inner);
                json(v.get(i), inner, out);
                out.append(i + 1 < v.size() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (v.isTextual()) {
            JsonStrings.quote(v.textValue(), out);
        } else if (v.isBoolean()) {
            out.append(v.booleanValue());
        } else {
            out.append(v.asText());
        }
    }
}
