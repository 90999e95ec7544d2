package hoop.gateway;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded default's `demo` database: a local PostgreSQL the gateway starts itself, seeded with a small
 * table of fake PII, so a new user can point psql at hoop and see masking and policy at once.
 */
final class EmbeddedDemoDatabase implements AutoCloseable {
    private final EmbeddedPostgres pg;

    private EmbeddedDemoDatabase(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static EmbeddedDemoDatabase start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).start();
        EmbeddedDemoDatabase db = new EmbeddedDemoDatabase(pg);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS customers (
                      id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL, phone text, card_number text,
                      ssn text, notes text, created_at timestamptz NOT NULL DEFAULT now())""");
            st.execute("""
                    INSERT INTO customers (name, email, phone, card_number, ssn, notes)
                    SELECT * FROM (VALUES
                      ('Alice Example', 'alice@example.com', '+14155550101', '4111111111111111', '123-45-6789', 'prefers email'),
                      ('Bob Sample', 'bob.sample@example.org', '+442071838750', '5500005555555559', '234-56-7890', 'api key AKIAIOSFODNN7EXAMPLE in ticket'),
                      ('Carol Test', 'carol@example.net', '+33142685300', '340000000000009', '345-67-8901', 'VIP'),
                      ('Dave Demo', 'dave@example.com', '+4930901820', '6011000000000004', '456-78-9012', NULL)
                    ) AS v WHERE NOT EXISTS (SELECT 1 FROM customers)""");
        } catch (SQLException e) {
            db.close();
            throw new IOException("could not seed the demo database: " + e.getMessage(), e);
        }
        return db;
    }

    int port() {
        return pg.getPort();
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
