package hoop.policy.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalWritesTest {
    private static List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/aws"));
        argv.addAll(List.of(args));
        return argv;
    }

    /** "index path kind" of each target. */
    private static List<String> targets(String... args) {
        LocalWrites.Plan p = LocalWrites.of(argv(args));
        assertEquals(List.of(), p.refusals());
        return p.targets().stream().map(t -> t.index() + " " + t.path() + " " + t.kind()).toList();
    }

    private static boolean refused(String... args) {
        boolean plan = !LocalWrites.of(argv(args)).refusals().isEmpty();
        // The classifier refuses the same commands (unknown), for the policy to deny before anything runs.
        if (plan) assertTrue(AwsClassifier.classify(argv(args), String.join(" ", args)).unknown(), String.join(" ", args));
        return plan;
    }

    /** A piece of an object (a byte range, one part) cannot be masked: refused whatever a policy decides of unknown commands. */
    @Test
    void aPieceOfAnObjectIsRefused() {
        assertTrue(refused("s3api", "get-object", "--bucket", "b", "--key", "k", "--range", "bytes=0-9", "o.txt"));
        assertTrue(refused("s3api", "get-object", "--bucket", "b", "--key", "k", "--range=bytes=0-9", "o.txt"));
        assertTrue(refused("s3api", "get-object", "--bucket", "b", "--key", "k", "--ran", "bytes=0-9", "o.txt"));
        assertTrue(refused("s3api", "get-object", "--part-number", "2", "--bucket", "b", "--key", "k", "o.txt"));
        assertFalse(refused("s3api", "get-object", "--bucket", "b", "--key", "k", "o.txt"));
    }

    @Test
    void downloadsToLocalPathsAreTargetsWhereverTheOptionsAre() {
        assertEquals(List.of("4 ./c.csv FILE_OR_DIRECTORY"), targets("s3", "cp", "s3://b/customers.csv", "./c.csv"));
        // Global options and the command's own, with or without values, before or between the paths.
        assertEquals(List.of("9 out/ FILE_OR_DIRECTORY"), targets("--region", "eu-west-1", "s3", "cp", "--exclude", "x", "s3://b/k",
                "--quiet", "out/"));
        assertEquals(List.of("4 dir DIRECTORY"), targets("s3", "cp", "s3://b/p/", "dir", "--recursive"));
        assertEquals(List.of("4 dir DIRECTORY"), targets("s3", "sync", "s3://b/p/", "dir", "--size-only"));
        assertEquals(List.of("7 o.bin FILE"), targets("s3api", "get-object", "--bucket", "b", "--key", "k", "o.bin"));
        assertEquals(List.of("3 o.bin FILE"), targets("s3api", "get-object", "o.bin", "--bucket=b", "--key", "k", "--no-paginate"));
        assertEquals(List.of("7 t.torrent FILE"), targets("s3api", "get-object-torrent", "--bucket", "b", "--key", "k", "t.torrent"));
        assertEquals(List.of("5 r.json FILE"), targets("lambda", "invoke", "--function-name", "f", "r.json"));
        // Every operation whose answer the CLI saves to its outfile, where argparse's outfile is the word hoop finds.
        assertEquals(List.of("9 o.mp3 FILE"), targets("polly", "synthesize-speech", "--text", "hi", "--voice-id", "Joanna",
                "--output-format", "mp3", "o.mp3"));
        assertEquals(List.of("7 o.csv FILE"), targets("s3api", "select-object-content", "--bucket", "b", "--key", "k", "o.csv"));
        assertEquals(List.of("7 o.json FILE"), targets("bedrock-runtime", "invoke-model", "--model-id", "m", "--body", "{}", "o.json"));
        // A flag before the outfile: it takes no option as its value, as argparse does not.
        assertEquals(List.of("6 o.yaml FILE"), targets("apigatewayv2", "export-api", "--include-extensions", "--api-id", "a", "o.yaml"));
        // Not a local file: uploads, copies between buckets, and the agent's own streams (masked as output).
        for (String[] none : new String[][] {{"s3", "cp", "./x", "s3://b/x"}, {"s3", "cp", "s3://b/x", "s3://c/x"},
                {"s3", "cp", "s3://b/x", "-"}, {"s3", "cp", "s3://b/x", "/dev/stdout"}, {"s3api", "get-object", "--bucket", "b", "--key",
                "k", "/dev/null"}, {"s3", "ls", "s3://b"}, {"s3api", "get-object", "--generate-cli-skeleton"}, {"s3api", "get-object", "help"},
                {"s3", "cp", "help"}}) {
            assertEquals(List.of(), targets(none), String.join(" ", none));
        }
    }

    @Test
    void writesHoopCannotStageAreRefused() {
        assertTrue(refused("s3", "mv", "s3://b/k", "./k"));
        assertTrue(refused("s3", "mv", "--recursive", "s3://b/p/", "d"));
        assertFalse(refused("s3", "mv", "./k", "s3://b/k"));
        // An operation with both a flag and a list option: `--image-mask out --image-assets a b` writes to out.
        assertTrue(refused("sagemaker-geospatial", "get-tile", "--image-mask", "o.png", "--image-assets", "a", "b"));
        // Two words no option takes, none (a flag took it: polly has none, but a newer CLI may), or words after "--" (all
        // arguments to argparse): which the CLI writes to, hoop cannot tell.
        assertTrue(refused("s3api", "get-object", "--bucket", "b", "--key", "k", "a", "b"));
        assertTrue(refused("polly", "synthesize-speech", "--text", "hi", "--new-flag", "o.mp3"));
        assertTrue(refused("s3api", "get-object", "--bucket", "b", "--key", "k", "--", "o.txt"));
        // An option hoop does not know hides which word is the local path.
        assertTrue(refused("s3", "cp", "s3://b/k", "--some-new-flag", "./c.csv"));
        assertTrue(refused("s3", "sync", "--", "s3://b/p", "d"));
        // The CLI's own commands that write files their options name.
        assertTrue(refused("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "d", "--outfile", "q.png",
                "--bootstrap-method", "QRCodePNG"));
        assertTrue(refused("iot", "create-keys-and-certificate", "--private-key-outfile", "k.pem"));
        assertTrue(refused("iot", "create-keys-and-certificate", "--private-key-out=k.pem"));
        assertFalse(refused("iot", "create-keys-and-certificate", "--set-as-active"));
        assertTrue(refused("gamelift", "get-game-session-log", "--game-session-id", "g", "--save-as", "l.zip"));
        assertTrue(refused("eks", "update-kubeconfig", "--name", "c", "--kubeconfig", "k.yaml"));
        assertFalse(refused("eks", "update-kubeconfig", "--name", "c", "--dry-run"));
        assertTrue(refused("codeartifact", "login", "--tool", "npm", "--domain", "d", "--repository", "r"));
        // Ordinary calls are not touched.
        assertFalse(refused("s3api", "list-objects-v2", "--bucket", "b"));
        assertFalse(refused("ec2", "describe-instances", "--instance-ids", "i-1", "i-2"));
    }
}
