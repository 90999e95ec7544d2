package hoop.policy.shell;

import java.util.List;
import java.util.Set;

/**
 * A cluster CLI printing a Secret's values without the keys beside them: {@code kubectl get secret db -o
 * jsonpath='{.data.password}'}, {@code -o go-template}, {@code --template}, {@code -o custom-columns}, {@code oc extract
 * secret/db --to=-}, {@code kubectl view-secret}. hoop masks a Secret's data in YAML and JSON by the structure around it
 * (kind: Secret, data:); printed bare, a value looks like any word, so such a command is unknown (the default policy
 * denies it) and says to ask for -o yaml or -o json, which print the same Secret masked.
 */
final class KubeSecretOutput {
    private KubeSecretOutput() {
    }

    private static final Set<String> KEYLESS = Set.of("jsonpath", "jsonpath-file", "jsonpath-as-json", "go-template",
            "go-template-file", "template", "templatefile", "custom-columns", "custom-columns-file");

    /** Why this kubectl or oc command line (its words after the program) prints Secret values bare, or null. */
    static String reason(String cli, List<String> args) {
        if (args.contains("view-secret")) {
            return cli + " view-secret prints a Secret's values without their keys";
        }
        boolean secret = args.stream().anyMatch(KubeSecretOutput::namesSecrets);
        if (!secret) return null;
        if (args.contains("extract")) {
            return cli + " extract prints a Secret's values without their keys (ask for -o yaml or -o json)";
        }
        if (!args.contains("get")) return null;
        String format = format(args);
        if (format != null && KEYLESS.contains(format)) {
            return cli + " get of a Secret with -o " + format + " prints its values without their keys (ask for -o yaml or -o json)";
        }
        return null;
    }

    /**
     * Whether the command prints a Secret's data (as YAML or JSON too): piped on, a next program (jq -r .data.x, yq,
     * grep -o, cut) can print the values without the keys hoop masks them by. A table, -o name or wide shows none.
     */
    static boolean printsSecretData(SimpleCommand c) {
        if (!c.program().equals("kubectl") && !c.program().equals("oc")) return false;
        List<String> args = c.args();
        if (!args.contains("get") || args.stream().noneMatch(KubeSecretOutput::namesSecrets)) return false;
        String format = format(args);
        return format != null && (format.equals("json") || format.equals("yaml") || KEYLESS.contains(format));
    }

    /** The output format asked for: -o F, -oF, -o=F, --output F, --output=F (up to '='), --template alone means go-template. */
    private static String format(List<String> args) {
        String format = null;
        boolean template = false;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            String value = null;
            if ((a.equals("-o") || a.equals("--output")) && k + 1 < args.size()) {
                value = args.get(++k);
            } else if (a.startsWith("--output=")) {
                value = a.substring("--output=".length());
            } else if (a.startsWith("-o") && !a.startsWith("--")) {
                value = a.substring(2).startsWith("=") ? a.substring(3) : a.substring(2);
            } else if (a.equals("--template") || a.startsWith("--template=")) {
                template = true;
            }
            if (value != null) {
                int eq = value.indexOf('=');
                format = (eq < 0 ? value : value.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
            }
        }
        return format == null && template ? "go-template" : format;
    }

    /** secret, secrets, secret/NAME, secrets.v1, a list holding one (secret,configmap). */
    private static boolean namesSecrets(String word) {
        if (word.startsWith("-")) return false;
        for (String part : word.split(",")) {
            String kind = part.contains("/") ? part.substring(0, part.indexOf('/')) : part;
            kind = kind.toLowerCase(java.util.Locale.ROOT);
            if (kind.equals("secret") || kind.equals("secrets") || kind.startsWith("secret.") || kind.startsWith("secrets.")) return true;
        }
        return false;
    }
}
