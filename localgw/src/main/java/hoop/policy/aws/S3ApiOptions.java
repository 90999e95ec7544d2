package hoop.policy.aws;

import hoop.policy.Classification;
import hoop.policy.shell.SimpleCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * `aws s3api` options that make a call do more than its name says, judged as the actions IAM authorizes them
 * as, as the API proxy judges the headers and query the CLI turns them into: --copy-source reads the source
 * (s3:GetObject), --acl/--grant-* set the ACL (s3:PutObjectAcl), --tagging the tags, --object-lock-* the
 * retention or legal hold, --version-id acts on one version, and delete-objects deletes keys named in a
 * document: hoop does not parse it, so it stands for every key in the bucket.
 */
final class S3ApiOptions {
    /** The options that imply another action: the CLI would also read an abbreviation of each as it. */
    static final java.util.Set<String> IMPLYING = java.util.Set.of("--acl", "--grant-full-control", "--grant-read", "--grant-read-acp",
            "--grant-write", "--grant-write-acp", "--tagging", "--object-lock-mode", "--object-lock-retain-until-date",
            "--object-lock-legal-hold-status", "--bypass-governance-retention", "--object-lock-enabled-for-bucket", "--object-ownership", "--range", "--part-number",
            "--copy-source-range");

    private S3ApiOptions() {}

    static void units(String op, List<String> words, SimpleCommand cmd, String text, List<Classification.Unit> units, List<String> reasons) {
        List<String> res = new ArrayList<>(AwsCliClassifier.s3Resources(words, reasons));
        String source = AwsCliClassifier.judgedOption(words, "--copy-source", reasons);
        if (source != null && (op.equals("s3:CopyObject") || op.equals("s3:UploadPartCopy"))) {
            // botocore sends "bucket/key" as given (it percent-encodes it itself) and "?versionId=" apart.
            int v = source.indexOf("?versionId=");
            String src = v < 0 ? source : source.substring(0, v);
            res.add("arn:aws:s3:::" + (src.startsWith("/") ? src.substring(1) : src));
        }
        List<String> implied = new ArrayList<>();
        boolean writes = op.equals("s3:PutObject") || op.equals("s3:CopyObject") || op.equals("s3:CreateMultipartUpload");
        if (writes && words.stream().anyMatch(w -> is(w, "--acl") || w.startsWith("--grant-"))) implied.add("s3:PutObjectAcl");
        if (writes && words.stream().anyMatch(w -> is(w, "--tagging"))) implied.add("s3:PutObjectTagging");
        if (writes && words.stream().anyMatch(w -> is(w, "--object-lock-mode") || is(w, "--object-lock-retain-until-date"))) {
            implied.add("s3:PutObjectRetention");
        }
        if (writes && words.stream().anyMatch(w -> is(w, "--object-lock-legal-hold-status"))) implied.add("s3:PutObjectLegalHold");
        if (words.stream().anyMatch(w -> is(w, "--bypass-governance-retention"))) implied.add("s3:BypassGovernanceRetention");
        if (op.equals("s3:CreateBucket")) {
            if (words.stream().anyMatch(w -> is(w, "--acl") || w.startsWith("--grant-"))) implied.add("s3:PutBucketAcl");
            if (words.stream().anyMatch(w -> is(w, "--object-lock-enabled-for-bucket"))) implied.add("s3:PutBucketObjectLockConfiguration");
            if (words.stream().anyMatch(w -> is(w, "--object-ownership"))) implied.add("s3:PutBucketOwnershipControls");
        }
        // A part of an object holds pieces of secrets no detector recognizes in the output (the API proxy refuses
        // such parts of text objects too); hoop cannot tell text from binary here.
        if ((op.equals("s3:GetObject") || op.equals("s3:HeadObject")) && words.stream().anyMatch(w -> is(w, "--range") || is(w, "--part-number"))) {
            reasons.add("a byte range or part of an object cannot be masked; read it whole");
        }
        // A part copied from another object, in a command judged alone: what the upload joins it to (5 MB of the
        // client's NULs, then a text object, read back as binary with the text's short runs left as they are) or
        // which byte range of it is copied (half of a key) cannot be seen here, as the API proxy sees it at
        // completion. `aws s3 cp` and s3api copy-object copy whole; the CLI's own multipart copies are not this argv.
        if (op.equals("s3:UploadPartCopy")) {
            reasons.add("a part copied from another object can be joined to other bytes or cut where masking cannot see"
                    + " it; copy the object whole (s3 cp, s3api copy-object)");
        }
        // The parts it joins may have come through the API proxy, which judges their kinds at completion (a text
        // object copied behind NULs reads back as binary, its short runs unmasked): completed here, unseen.
        if (op.equals("s3:CompleteMultipartUpload")) {
            reasons.add("completing an upload here joins parts this command does not show; upload with s3 cp, or complete"
                    + " through the API proxy (hoop connect), which checks them");
        }
        String version = AwsCliClassifier.judgedOption(words, "--version-id", reasons);
        if (version != null) {
            if (op.equals("s3:DeleteObject")) implied.add("s3:DeleteObjectVersion");
            if (op.equals("s3:GetObject") || op.equals("s3:HeadObject")) implied.add("s3:GetObjectVersion");
            if (op.matches("s3:(Get|Put)ObjectAcl|s3:(Get|Put|Delete)ObjectTagging")) implied.add(op.replace("Object", "ObjectVersion"));
        }
        units.addAll(AwsClassifier.units(op, res, implied, cmd, text));
        if (hoop.core.aws.S3Locations.DELIVERING.contains(op)) {
            // Where S3 delivers the bucket's logs, inventories, exports or replicas (the configuration's own bucket aside).
            CliParameters given = CliParameters.of(words);
            reasons.addAll(given.unread());
            java.util.Map<String, Object> params = new java.util.LinkedHashMap<>(given.params());
            params.remove("Bucket");
            if (op.equals("s3:RestoreObject") && hoop.core.aws.S3Locations.restoresBySelect(params.get("RestoreRequest"))) {
                reasons.add("a restore of type SELECT writes what its query picks out of the object (cut as it chooses), which"
                        + " masking cannot read back as the secrets it was cut from");
            }
            units.addAll(AwsClassifier.s3Writes(op, hoop.core.aws.S3Locations.written(op, params), cmd, text));
        }
        if (op.equals("s3:DeleteObjects") && !res.isEmpty()) {
            String doc = AwsCliClassifier.judgedOption(words, "--delete", reasons);
            units.add(AwsOperations.onPrefix("s3:DeleteObject", res.get(0) + "/", cmd, text));
            if (doc == null || doc.contains("VersionId")) units.add(AwsOperations.onPrefix("s3:DeleteObjectVersion", res.get(0) + "/", cmd, text));
        }
    }

    private static boolean is(String word, String option) {
        return word.equals(option) || word.startsWith(option + "=");
    }
}
