package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The AWS proxy fails closed when the audit store does: once the database refuses a record, no call is forwarded
 * (the SDK against s3proxy through hoop; PostgresStoreFailureTest and GatewayRobustnessTest cover the other paths).
 */
class AwsStoreFailureTest {
    @TempDir
    Path dir;

    @Test
    void onceTheStoreRefusesARecordNoCallReachesTheUpstream() throws Exception {
        try (AwsFixture fx = new AwsFixture(dir.resolve("home"));
             S3Client s3 = AwsFixture.sdk(AwsFixture.env(fx.connect())).build()) {
            try (Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + fx.gw.home.resolve("hoop.db"));
                 Statement st = db.createStatement()) {
                st.execute("CREATE TRIGGER no_commands BEFORE INSERT ON events WHEN NEW.type = 'command' "
                        + "BEGIN SELECT RAISE(ABORT, 'store is failing'); END");
            }
            // Calls already spooled run (the database is written behind the spool); the first after the refusal does not.
            S3Exception refused = null;
            int n = 0;
            for (long end = System.nanoTime() + 20_000_000_000L; refused == null && System.nanoTime() < end; n++) {
                String key = "k" + n;
                try {
                    s3.putObject(b -> b.bucket("dev-bucket").key(key), RequestBody.fromString("v"));
                    Thread.sleep(20);
                } catch (S3Exception e) {
                    refused = e;
                }
            }
            assertNotNull(refused, "a call was refused once the store failed");
            assertEquals(403, refused.statusCode(), refused.getMessage());
            assertStoreRefused(refused);
            assertNull(fx.s3.get("dev-bucket", "k" + (n - 1)), "the refused PutObject did not reach the upstream");
            S3Exception again = assertThrows(S3Exception.class,
                    () -> s3.putObject(b -> b.bucket("dev-bucket").key("after"), RequestBody.fromString("v")));
            assertStoreRefused(again);
            assertNull(fx.s3.get("dev-bucket", "after"), "nothing ran after the store failed");

            // Once the database takes records again, so does hoop, without a restart.
            try (Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + fx.gw.home.resolve("hoop.db"));
                 Statement st = db.createStatement()) {
                st.execute("DROP TRIGGER no_commands");
            }
            S3Exception last = null;
            for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
                try {
                    s3.putObject(b -> b.bucket("dev-bucket").key("recovered"), RequestBody.fromString("v"));
                    last = null;
                    break;
                } catch (S3Exception e) {
                    last = e;
                    assertStoreRefused(e);
                }
            }
            assertNull(last, "calls run again once the store records them");
            assertNotNull(fx.s3.get("dev-bucket", "recovered"));
        }
    }

    private static void assertStoreRefused(S3Exception e) {
        String m = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        assertTrue(m != null && (m.contains("could not be recorded") || m.contains("the audit store failed")), String.valueOf(m));
    }
}
