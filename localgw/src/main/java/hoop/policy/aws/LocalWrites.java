package hoop.policy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The local files the aws CLI writes an answer into: an object downloaded by `s3 cp|sync` to a local path, or the
 * body of a call with a streaming answer, which the CLI saves to the file its `outfile` argument names. hoop masks
 * what the child prints; a file the CLI writes itself it never sees. Those it can stage (let the CLI write them in a
 * directory of its own, mask them, then put them where they were asked for) are targets; the rest are refused.
 */
public final class LocalWrites {
    /** What a target path is to the CLI: a file, a folder receiving a tree of keys, or either (as it exists). */
    public enum Kind { FILE, DIRECTORY, FILE_OR_DIRECTORY }

    /** argv.get(index) is the path, or prefix + the path (--opt=path). */
    public record Target(int index, String prefix, String path, Kind kind) {
    }

    public record Plan(List<Target> targets, List<String> refusals) {
        public Plan {
            targets = List.copyOf(targets);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * Operations whose answer the CLI saves to its outfile argument (botocore's has_streaming_output, in the CLI's
     * command names; aws CLI 2.9 and 1.45), and s3api select-object-content (its customization saves the records).
     */
    private static final Set<String> OUTFILE = Set.of("apigateway get-export", "apigateway get-sdk", "apigatewayv2 export-api",
            "appconfig create-hosted-configuration-version", "appconfig get-configuration", "appconfig get-hosted-configuration-version",
            "appconfigdata get-latest-configuration", "appsync get-introspection-schema", "backupstorage get-chunk",
            "backupstorage get-object-metadata", "bedrock-agentcore invoke-agent-runtime", "bedrock-runtime invoke-model",
            "cloudfront get-connection-function", "cloudfront get-function", "codeartifact get-package-version-asset",
            "codeguruprofiler get-profile", "datazone get-lineage-event", "ebs get-snapshot-block", "geo-maps get-glyphs",
            "geo-maps get-sprites", "geo-maps get-static-map", "geo-maps get-style-descriptor", "geo-maps get-tile",
            "glacier get-job-output", "iot-data delete-thing-shadow", "iot-data get-thing-shadow", "iot-data update-thing-shadow",
            "iotwireless get-position-estimate", "iotwireless get-resource-position", "kinesis-video-archived-media get-clip",
            "kinesis-video-archived-media get-media-for-fragment-list", "kinesis-video-media get-media", "lakeformation get-work-unit-results",
            "lambda invoke", "lex-runtime post-content", "lex-runtime put-session", "lexv2-runtime put-session",
            "lexv2-runtime recognize-utterance", "location get-map-glyphs", "location get-map-sprites", "location get-map-style-descriptor",
            "location get-map-tile", "medialive describe-input-device-thumbnail", "mediastore-data get-object",
            "medical-imaging get-image-frame", "medical-imaging get-image-set-metadata", "neptune-graph execute-query",
            "neptunedata execute-gremlin-explain-query", "neptunedata execute-gremlin-profile-query",
            "neptunedata execute-open-cypher-explain-query", "omics get-read-set", "omics get-reference", "polly synthesize-speech",
            "s3api get-object", "s3api get-object-torrent", "s3api select-object-content", "sagemaker-geospatial get-tile",
            "sagemaker-runtime invoke-endpoint", "schemas get-code-binding-source", "tnb get-sol-function-package-content",
            "tnb get-sol-function-package-descriptor", "tnb get-sol-network-package-content", "tnb get-sol-network-package-descriptor",
            "workmailmessageflow get-raw-message-content");
    /**
     * Those not staged: the one word no option takes is the outfile, as argparse finds it, unless an operation has both a
     * flag (which takes no value, where hoop gives every option one) and a list option (which takes every word up to
     * the next option): `--flag out --list a b` writes to out, where hoop would take b. With only one of the two, a
     * wrong guess leaves hoop no word or two, and the command is refused (botocore's models of aws CLI 2.9 and 1.45).
     */
    private static final Set<String> UNSTAGED_OUTFILE = Set.of("sagemaker-geospatial get-tile");
    /** The CLI's own commands that write what they are answered into files their options name (or a fixed one). */
    private static final java.util.Map<String, String> WRITERS = java.util.Map.of(
            "iam create-virtual-mfa-device", "writes the device's secret seed or QR code to its --outfile",
            "gamelift get-game-session-log", "writes the log to its --save-as file",
            "eks update-kubeconfig", "writes the cluster's details into a kubeconfig file (--dry-run prints them instead)",
            "codeartifact login", "writes the authorization token into npm, pip, twine or NuGet configuration (--dry-run prints it instead)");
    private static final List<String> IOT_OUTFILES = List.of("--certificate-pem-outfile", "--public-key-outfile", "--private-key-outfile");
    /** Where a path is the agent's own stream (or nothing): masked as output, or dropped. */
    private static final Set<String> STREAMS = Set.of("-", "/dev/stdout", "/dev/stderr", "/dev/null");
    private static final String ELSEWHERE = "; `aws s3 cp s3://BUCKET/KEY -` prints an object masked, and `hoop connect` gives masked"
            + " answers through the API proxy";

    private LocalWrites() {}

    /** argv: the program ("aws") and its arguments. */
    public static Plan of(List<String> argv) {
        List<String> args = argv.subList(1, argv.size());
        List<Integer> at = AwsCliClassifier.wordPositions(args, new ArrayList<>());
        List<String> words = at.stream().map(args::get).toList();
        List<Integer> named = new ArrayList<>();
        for (int i = 0; i < words.size() && named.size() < 2; i++) {
            if (!words.get(i).startsWith("-")) named.add(i);
        }
        List<Target> targets = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        // The CLI then prints a skeleton of the parameters, or its help (a last word after no option), and calls nothing.
        boolean help = !words.isEmpty() && words.get(words.size() - 1).equals("help")
                && words.subList(0, words.size() - 1).stream().noneMatch(w -> w.startsWith("-"));
        if (named.size() < 2 || help || words.stream().anyMatch(w -> w.startsWith("--generate-cli-skeleton"))) return new Plan(targets, refusals);
        String command = words.get(named.get(0)) + " " + words.get(named.get(1));
        if (words.get(named.get(0)).equals("s3")) {
            s3(words, at, targets, refusals);
        } else if (UNSTAGED_OUTFILE.contains(command)) {
            refusals.add("aws " + command + " writes its answer to a local file (outfile), which hoop cannot mask" + ELSEWHERE);
        } else if (command.equals("s3api get-object") && words.stream().map(w -> AwsCliClassifier.spelledOut(w.split("=", 2)[0]))
                .anyMatch(w -> w.equals("--range") || w.equals("--part-number"))) {
            // Masked alone, a piece holds pieces of secrets no detector recognizes (an access key without its AKIA).
            refusals.add("aws s3api get-object with --range or --part-number writes a piece of the object, and a byte range or part"
                    + " of an object cannot be masked; read it whole" + ELSEWHERE);
        } else if (OUTFILE.contains(command)) {
            outfile(command, words, at, named.get(1), targets, refusals);
        } else if (WRITERS.containsKey(command) && !(Set.of("codeartifact login", "eks update-kubeconfig").contains(command)
                && words.contains("--dry-run"))) {
            refusals.add("aws " + command + " " + WRITERS.get(command) + ", which hoop cannot mask");
        } else if (Set.of("iot create-keys-and-certificate", "iot create-certificate-from-csr").contains(command) && words.stream().anyMatch(LocalWrites::namesIotOutfile)) {
            refusals.add("aws " + command + " writes the certificate or keys to the files its --*-outfile options name, which hoop"
                    + " cannot mask; without them it prints them masked");
        } else if (words.get(named.get(0)).equals("wizard")) {
            refusals.add("aws wizard asks its questions interactively and may write files, which hoop cannot mask");
        }
        return new Plan(targets, refusals);
    }

    /** s3 cp and sync from S3 to a local path write the objects there; mv also deletes them. */
    private static void s3(List<String> words, List<Integer> at, List<Target> targets, List<String> refusals) {
        boolean copies = words.size() > 1 && Set.of("cp", "mv", "sync").contains(words.get(1));
        S3Commands.Parsed p = copies ? S3Commands.parse(words, new ArrayList<>()) : null;
        if (p == null) {
            // Run anyway (a policy letting unknown commands run), the CLI could write to a word hoop took for another.
            if (copies) refusals.add("aws s3 " + words.get(1) + ": hoop cannot tell which word is the local path, so cannot mask what is written there");
            return;
        }
        List<String> paths = p.paths(words);
        if (!paths.get(0).startsWith("s3://") || paths.get(1).startsWith("s3://") || STREAMS.contains(paths.get(1))) return;
        if (p.sub().equals("mv")) {
            refusals.add("aws s3 mv from S3 to a local path deletes the object once it is written, and hoop writes it masked: the"
                    + " only copy left would be the masked one. Use s3 cp (masked), then s3 rm");
            return;
        }
        Kind kind = p.flags().contains("recursive") || p.sub().equals("sync") ? Kind.DIRECTORY : Kind.FILE_OR_DIRECTORY;
        targets.add(new Target(at.get(p.at().get(1)) + 1, "", paths.get(1), kind));
    }

    /**
     * The one word after the operation that no option takes is the outfile: each option takes the word after it, unless
     * that is another option (argparse would not give it as a value). None or several: refused (see UNSTAGED_OUTFILE).
     */
    private static void outfile(String command, List<String> words, List<Integer> at, int op, List<Target> targets, List<String> refusals) {
        List<Integer> free = new ArrayList<>();
        for (int i = op + 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                // argparse reads every word after it as an argument: the outfile may be any of them.
                refusals.add("aws " + command + ": hoop does not read the words after --, one of which is the file the answer is written to");
                return;
            }
            if (w.startsWith("--")) {
                if (!w.contains("=") && i + 1 < words.size() && isArgument(words.get(i + 1))) i++;
            } else {
                free.add(i);
            }
        }
        if (free.size() != 1) {
            refusals.add("aws " + command + ": hoop cannot tell which " + (free.isEmpty() ? "word" : "of " + free.stream().map(words::get).toList())
                    + " is the file the answer is written to; give it last, after options with their values");
        } else if (!STREAMS.contains(words.get(free.get(0)))) {
            targets.add(new Target(at.get(free.get(0)) + 1, "", words.get(free.get(0)), Kind.FILE));
        }
    }

    /** What argparse gives an option as its value: "-", a negative number, or a word not starting with '-'. */
    private static boolean isArgument(String w) {
        return w.equals("-") || !w.startsWith("-") || w.matches("-[0-9.]+");
    }

    /** An iot outfile option, or a prefix argparse would take for one. */
    private static boolean namesIotOutfile(String word) {
        String name = word.split("=", 2)[0];
        return name.length() > 2 && IOT_OUTFILES.stream().anyMatch(o -> o.startsWith(name));
    }
}
