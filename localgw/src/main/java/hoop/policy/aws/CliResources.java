package hoop.policy.aws;

import hoop.core.aws.AwsResources;
import hoop.core.aws.StrictJson;
import hoop.policy.Classification;
import hoop.policy.shell.SimpleCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aws CLI's options of a call whose resources AwsResources derives, read as the parameters botocore sends:
 * `--secret-id X` is SecretId, `--instance-ids a b` InstanceIds [a, b], a JSON value (`--request-items '{...}'`)
 * its structure. What the CLI would read otherwise than hoop makes the command unknown: an option naming a
 * resource given twice (argparse keeps the last), abbreviated (`--secret` is --secret-id) or read from a file.
 */
final class CliResources {
    private CliResources() {}

    static List<Classification.Unit> units(String operation, List<String> words, AwsResources.Scope scope, SimpleCommand cmd,
                                           String text, List<String> reasons) {
        String service = operation.substring(0, operation.indexOf(':'));
        List<String> options = AwsResources.options(service);
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--")) continue;
            String name = w.contains("=") ? w.substring(2, w.indexOf('=')) : w.substring(2);
            if (!options.contains(name)) {
                if (!name.isEmpty() && options.stream().anyMatch(o -> o.startsWith(name))) {
                    reasons.add("--" + name + " is read by the aws CLI as the option it begins; spell options out");
                }
                continue;
            }
            if (seen.merge(name, 1, Integer::sum) > 1) reasons.add("--" + name + " is given more than once");
            List<String> values = new ArrayList<>();
            if (w.contains("=")) {
                values.add(w.substring(w.indexOf('=') + 1));
            } else if (AwsResources.listValued(service, param(service, name))) {
                // A list option (nargs '+') takes every word up to the next option.
                for (int j = i + 1; j < words.size() && !words.get(j).startsWith("--"); j++) values.add(words.get(j));
            } else if (i + 1 < words.size()) {
                // One value; the words after it are the command's own (`lambda invoke ... out.json`).
                values.add(words.get(i + 1));
            }
            for (String v : values) {
                // A queue URL is one: version 1 does not fetch it (its paramfile list exempts --queue-url).
                if (S3Commands.loadedFromElsewhere(v) && !name.equals("queue-url")) {
                    reasons.add("--" + name + " " + v + " is read from a file or URL hoop does not judge");
                }
            }
            params.put(param(service, name), value(values));
        }
        return AwsClassifier.callUnits(operation, AwsResources.derive(operation, params, scope), cmd, text);
    }

    private static String param(String service, String option) {
        return AwsResources.parameters(service).stream().filter(p -> AwsResources.kebab(p).equals(option)).findFirst().orElseThrow();
    }

    /** A value that is neither a String, a List nor a Map: AwsResources takes it as naming a resource it cannot know. */
    private static final Object UNREADABLE = new Object();

    /** One word as given (JSON, as the CLI reads a structure or a list, parsed); several as a list. */
    private static Object value(List<String> values) {
        if (values.size() != 1) return List.copyOf(values);
        String v = values.get(0).strip();
        if (v.startsWith("{") || v.startsWith("[")) {
            try {
                return StrictJson.parse(v);
            } catch (IllegalArgumentException e) {
                // JSON the CLI reads and hoop does not (a key given twice): an empty Map here was RequestItems on no table.
                return UNREADABLE;
            }
        }
        return values.get(0);
    }
}
