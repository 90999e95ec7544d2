package hoop.policy.aws;

import hoop.policy.Classification;
import hoop.policy.shell.SimpleCommand;
import java.util.List;

/** The high-level `aws s3` commands, each as the S3 API calls it makes on the paths it names. */
final class S3Commands {
    private S3Commands() {}

    static void units(String sub, List<String> paths, List<String> words, SimpleCommand cmd, String text,
                      List<Classification.Unit> units, List<String> reasons) {
        String first = paths.isEmpty() ? null : paths.get(0);
        String second = paths.size() > 1 ? paths.get(1) : null;
        switch (sub) {
            case "ls" -> {
                if (first == null || first.equals("s3://")) add(units, "s3:ListBuckets", null, cmd, text);
                else add(units, "s3:ListObjectsV2", bucketOnly(first), cmd, text);
            }
            case "cp", "mv", "sync" -> {
                if (isS3(first)) add(units, "s3:GetObject", first, cmd, text);
                if (isS3(second)) add(units, "s3:PutObject", second, cmd, text);
                if (sub.equals("mv") && isS3(first)) add(units, "s3:DeleteObject", first, cmd, text);
                if (sub.equals("sync") && words.contains("--delete") && second != null) {
                    if (isS3(second)) add(units, "s3:DeleteObject", second, cmd, text);
                    else reasons.add("sync --delete removes local files");
                }
                if (!isS3(first) && !isS3(second)) reasons.add("s3 " + sub + " without an s3:// path");
            }
            case "rm" -> add(units, "s3:DeleteObject", first, cmd, text);
            case "mb" -> add(units, "s3:CreateBucket", bucketOnly(first), cmd, text);
            case "rb" -> {
                add(units, "s3:DeleteBucket", bucketOnly(first), cmd, text);
                if (words.contains("--force")) add(units, "s3:DeleteObject", first, cmd, text);
            }
            case "presign" -> add(units, "s3:GetObject", first, cmd, text);
            case "website" -> add(units, "s3:PutBucketWebsite", bucketOnly(first), cmd, text);
            default -> reasons.add("unknown aws s3 command '" + sub + "'");
        }
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

    private static void add(List<Classification.Unit> units, String op, String path, SimpleCommand cmd, String text) {
        List<String> res = List.of();
        if (isS3(path)) {
            String rest = path.substring(5);
            int slash = rest.indexOf('/');
            res = List.of(slash < 0 ? AwsOperations.s3Arn(rest, null) : AwsOperations.s3Arn(rest.substring(0, slash), rest.substring(slash + 1)));
        }
        units.add(AwsOperations.unit(op, res, cmd, text));
    }
}
