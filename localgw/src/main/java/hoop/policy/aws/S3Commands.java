package hoop.policy.aws;

import hoop.policy.Classification;
import hoop.policy.shell.SimpleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The high-level `aws s3` commands, each as the S3 API calls it makes on the paths it names.
 *
 * The paths are found as the CLI's argparse finds them: an option's value is not a path, so each command's
 * options are known here with how many values they take (aws CLI 2.9's s3 ARG_TABLEs). A word that looks
 * like an option hoop does not know makes the command unknown, since hoop could not tell which words are paths.
 */
final class S3Commands {
    private enum Arity { FLAG, ONE, OPTIONAL, MANY }

    private static final Set<String> TRANSFER_FLAGS = Set.of("dryrun", "quiet", "follow-symlinks", "only-show-errors",
            "ignore-glacier-warnings", "force-glacier-transfer", "no-follow-symlinks", "no-guess-mime-type", "no-progress");
    private static final Set<String> TRANSFER_VALUES = Set.of("include", "exclude", "acl", "sse-c-key", "sse-kms-key-id",
            "sse-c-copy-source-key", "storage-class", "website-redirect", "content-type", "cache-control", "content-disposition",
            "content-encoding", "content-language", "expires", "source-region", "page-size", "metadata", "copy-props", "metadata-directive");
    private static final Set<String> TRANSFER_OPTIONAL = Set.of("sse", "sse-c", "sse-c-copy-source", "request-payer");
    /** Per command: its options, and how many paths it takes (min, max). */
    private static final Map<String, Map<String, Arity>> OPTIONS = Map.of(
            "ls", table(Set.of("recursive", "human-readable", "summarize"), Set.of("page-size"), Set.of("request-payer")),
            "cp", transfer(Set.of("recursive"), Set.of("expected-size")),
            "mv", transfer(Set.of("recursive"), Set.of()),
            "sync", transfer(Set.of("delete", "exact-timestamps", "size-only"), Set.of()),
            "rm", table(Set.of("dryrun", "quiet", "recursive", "only-show-errors"), Set.of("include", "exclude", "page-size"), Set.of("request-payer")),
            "mb", table(Set.of(), Set.of(), Set.of()),
            "rb", table(Set.of("force"), Set.of(), Set.of()),
            "presign", table(Set.of(), Set.of("expires-in"), Set.of()),
            "website", table(Set.of(), Set.of("index-document", "error-document"), Set.of()));
    private static final Map<String, int[]> PATHS = Map.of("ls", new int[] {0, 1}, "cp", new int[] {2, 2}, "mv", new int[] {2, 2},
            "sync", new int[] {2, 2}, "rm", new int[] {1, 1}, "mb", new int[] {1, 1}, "rb", new int[] {1, 1},
            "presign", new int[] {1, 1}, "website", new int[] {1, 1});

    private S3Commands() {}

    /** Where a command's paths are among its words, and the options it was given (without "--"). */
    record Parsed(String sub, List<Integer> at, Set<String> flags) {
        List<String> paths(List<String> words) {
            return at.stream().map(words::get).toList();
        }
    }

    /** The paths and options of words (the argv without global options, starting with "s3"), or null with a reason. */
    static Parsed parse(List<String> words, List<String> reasons) {
        String sub = words.size() > 1 ? words.get(1) : "";
        Map<String, Arity> options = OPTIONS.get(sub);
        if (!words.get(0).equals("s3") || options == null) {
            reasons.add("unknown aws s3 command '" + sub + "'");
            return null;
        }
        List<Integer> at = new ArrayList<>();
        Set<String> flags = new java.util.HashSet<>();
        for (int i = 2; i < words.size(); i++) {
            String w = words.get(i);
            if (isArgument(w)) {
                at.add(i);
                continue;
            }
            String name = w.startsWith("--") ? w.substring(2, w.contains("=") ? w.indexOf('=') : w.length()) : null;
            Arity arity = name == null ? null : options.get(name);
            if (arity == null) {
                reasons.add("aws s3 " + sub + ": hoop does not know the option " + w + ", so cannot tell which words are paths");
                return null;
            }
            flags.add(name);
            if (w.contains("=")) continue;
            // argparse gives an option as many of the following arguments as it takes, greedily.
            switch (arity) {
                case FLAG -> { }
                case ONE -> i++;
                case OPTIONAL -> { if (i + 1 < words.size() && isArgument(words.get(i + 1))) i++; }
                case MANY -> { while (i + 1 < words.size() && isArgument(words.get(i + 1))) i++; }
            }
        }
        int[] count = PATHS.get(sub);
        if (at.size() < count[0] || at.size() > count[1]) {
            reasons.add("aws s3 " + sub + " takes " + count[0] + (count[0] == count[1] ? "" : ".." + count[1]) + " paths, got "
                    + at.stream().map(words::get).toList());
            return null;
        }
        return new Parsed(sub, List.copyOf(at), Set.copyOf(flags));
    }

    /** words: the argv without global options, starting with "s3". */
    static void units(List<String> words, SimpleCommand cmd, String text, List<Classification.Unit> units, List<String> reasons) {
        Parsed parsed = parse(words, reasons);
        if (parsed == null) return;
        String sub = parsed.sub();
        List<String> paths = parsed.paths(words);
        Set<String> flags = parsed.flags();
        for (String p : paths) {
            if (loadedFromElsewhere(p)) reasons.add(p + ": the aws CLI reads the path from there, which hoop does not judge");
        }
        String first = paths.isEmpty() ? null : paths.get(0);
        String second = paths.size() > 1 ? paths.get(1) : null;
        // ls, website and presign take "bucket/key" without s3:// as the same S3 path (`aws s3 ls prod-data`).
        if (first != null && !isS3(first) && Set.of("ls", "website", "presign").contains(sub)) first = "s3://" + first;
        // A recursive command acts on every key under its paths, found only when it runs: judged on the prefix too.
        boolean each = flags.contains("recursive") || sub.equals("sync");
        switch (sub) {
            case "ls" -> {
                if (first == null || first.equals("s3://")) add(units, "s3:ListBuckets", null, false, cmd, text);
                else add(units, "s3:ListObjectsV2", bucketOnly(first), false, cmd, text);
            }
            case "cp", "mv", "sync" -> {
                if (isS3(first)) add(units, "s3:GetObject", first, each, cmd, text);
                if (isS3(second)) add(units, "s3:PutObject", each ? second : landing(first, second, reasons), each, cmd, text);
                if (sub.equals("mv") && isS3(first)) add(units, "s3:DeleteObject", first, each, cmd, text);
                if (sub.equals("sync") && flags.contains("delete")) {
                    if (isS3(second)) add(units, "s3:DeleteObject", second, true, cmd, text);
                    else reasons.add("sync --delete removes local files");
                }
                if (!isS3(first) && !isS3(second)) reasons.add("s3 " + sub + " without an s3:// path");
            }
            case "rm" -> add(units, "s3:DeleteObject", first, each, cmd, text);
            case "mb" -> add(units, "s3:CreateBucket", bucketOnly(first), false, cmd, text);
            case "rb" -> {
                add(units, "s3:DeleteBucket", bucketOnly(first), false, cmd, text);
                // --force empties the bucket first: every key in it.
                if (flags.contains("force")) add(units, "s3:DeleteObject", bucketOnly(first), true, cmd, text);
            }
            case "presign" -> {
                add(units, "s3:GetObject", first, false, cmd, text);
                // The URL reads the object straight from S3, around masking and recording, until it expires.
                add(units, "cli:Presign", first, false, cmd, text);
            }
            case "website" -> add(units, "s3:PutBucketWebsite", bucketOnly(first), false, cmd, text);
            default -> reasons.add("unknown aws s3 command '" + sub + "'");
        }
        // --acl and --grants set each object's ACL as it is written (x-amz-acl, x-amz-grant-*), as s3api put-object's do:
        // `s3 cp x s3://b/k --acl public-read` made the object anyone's to read, judged a plain write.
        if (flags.contains("acl") || flags.contains("grants")) {
            for (Classification.Unit u : List.copyOf(units)) {
                if (!"s3:PutObject".equals(u.operation())) continue;
                units.add(new Classification.Unit(AwsOperations.kind("s3:PutObjectAcl"), u.argv(), u.flags(), u.tables(), u.text(),
                        "s3:PutObjectAcl", u.resources()));
            }
        }
    }

    /**
     * The object one file lands in. A destination naming a folder (ending in '/', or a bucket alone, which the CLI
     * reads as bucket/) takes the source's last path segment as its name (the CLI's use_src_name): `cp exact.txt
     * s3://b/` writes b/exact.txt, and was judged as a write of b/ that no rule on b/exact.txt matched. A local
     * source whose last segment the CLI would normalize away ("x/.", "x/", "-") names no file hoop can tell.
     */
    private static String landing(String source, String dest, List<String> reasons) {
        String rest = dest.substring(5);
        if (rest.indexOf('/') >= 0 && !rest.endsWith("/")) return dest;
        String name = source.substring(source.lastIndexOf('/') + 1);
        if (!isS3(source) && (source.equals("-") || name.isEmpty() || name.equals(".") || name.equals(".."))) {
            reasons.add(source + " copied into " + dest + " lands under a name hoop cannot tell");
            return dest;
        }
        return (rest.indexOf('/') < 0 ? dest + "/" : dest) + name;
    }

    /** What argparse takes as an argument rather than an option: "-" (stdin/stdout) and words not starting with '-'. */
    private static boolean isArgument(String w) {
        return w.equals("-") || !w.startsWith("-");
    }

    /**
     * The aws CLI replaces a value spelled file://PATH or fileb://PATH with that file's content; version 1 also
     * one spelled http:// or https:// with what that URL answers (cli_follow_urlparam, on unless configured off).
     */
    static boolean loadedFromElsewhere(String value) {
        return value.startsWith("file://") || value.startsWith("fileb://") || value.startsWith("http://") || value.startsWith("https://");
    }

    private static Map<String, Arity> table(Set<String> flags, Set<String> values, Set<String> optional) {
        Map<String, Arity> t = new java.util.HashMap<>();
        flags.forEach(f -> t.put(f, Arity.FLAG));
        values.forEach(v -> t.put(v, Arity.ONE));
        optional.forEach(o -> t.put(o, Arity.OPTIONAL));
        return Map.copyOf(t);
    }

    private static Map<String, Arity> transfer(Set<String> flags, Set<String> values) {
        Map<String, Arity> t = new java.util.HashMap<>(table(TRANSFER_FLAGS, TRANSFER_VALUES, TRANSFER_OPTIONAL));
        t.putAll(table(flags, values, Set.of()));
        t.put("grants", Arity.MANY);
        return Map.copyOf(t);
    }

    private static boolean isS3(String p) {
        return p != null && p.startsWith("s3://");
    }

    private static String bucketOnly(String p) {
        if (!isS3(p)) return p;
        String rest = p.substring(5);
        int slash = rest.indexOf('/');
        return "s3://" + (slash < 0 ? rest : rest.substring(0, slash));
    }

    /** The call on the path; with each, also on every key that begins with it (a prefix unit). */
    private static void add(List<Classification.Unit> units, String op, String path, boolean each, SimpleCommand cmd, String text) {
        List<String> res = List.of();
        if (isS3(path)) {
            String rest = path.substring(5);
            int slash = rest.indexOf('/');
            res = List.of(slash < 0 ? AwsOperations.s3Arn(rest, null) : AwsOperations.s3Arn(rest.substring(0, slash), rest.substring(slash + 1)));
        }
        units.add(AwsOperations.unit(op, res, cmd, text));
        if (each && isS3(path)) units.add(AwsOperations.onPrefix(op, "arn:aws:s3:::" + path.substring(5) + (path.indexOf('/', 5) < 0 ? "/" : ""), cmd, text));
    }
}
