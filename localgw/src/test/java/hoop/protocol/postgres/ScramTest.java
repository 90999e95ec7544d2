package hoop.protocol.postgres;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class ScramTest {
    // RFC 7677 section 3.
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_SUFFIX = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ScramServer rfcServer() {
        ScramVerifier v = ScramVerifier.fromPassword("pencil", Base64.getDecoder().decode(SALT), 4096);
        return new ScramServer(v).withServerNonce(SERVER_SUFFIX);
    }

    @Test
    void clientMatchesRfc7677Vector() {
        ScramClient c = new ScramClient("user", "pencil").withNonce(CLIENT_NONCE);
        assertEquals(CLIENT_FIRST, s(c.clientFirst()));
        assertEquals(CLIENT_FINAL, s(c.clientFinal(b(SERVER_FIRST))));
        c.verifyServerFinal(b(SERVER_FINAL));
        assertTrue(c.isVerified());
    }

    @Test
    void serverMatchesRfc7677Vector() {
        ScramServer srv = rfcServer();
        assertEquals(SERVER_FIRST, s(srv.serverFirst(b(CLIENT_FIRST))));
        assertEquals("user", srv.username());
        assertEquals(SERVER_FINAL, s(srv.serverFinal(b(CLIENT_FINAL)).orElseThrow()));
    }

    @Test
    void clientAndServerAgree() {
        for (String pw : new String[] {"pencil", "", "pässwörd", "I\u2168", "a\u00A0b", "\uD83D\uDE00x"}) {
            ScramServer srv = new ScramServer(pw);
            ScramClient cli = new ScramClient(pw);
            byte[] first = srv.serverFirst(cli.clientFirst());
            byte[] fin = srv.serverFinal(cli.clientFinal(first)).orElseThrow(() -> new AssertionError(pw));
            cli.verifyServerFinal(fin);
        }
    }

    @Test
    void wrongPasswordYieldsEmptyAndWrongServerIsDetected() {
        ScramServer srv = new ScramServer(ScramVerifier.generate("right", 4096));
        ScramClient cli = new ScramClient("wrong");
        byte[] first = srv.serverFirst(cli.clientFirst());
        assertEquals(Optional.empty(), srv.serverFinal(cli.clientFinal(first)));

        // An impostor server that does not know the verifier cannot produce the signature.
        ScramClient c2 = new ScramClient("right");
        ScramServer impostor = new ScramServer("other");
        byte[] f2 = impostor.serverFirst(c2.clientFirst());
        c2.clientFinal(f2);
        assertThrows(ScramException.class, () -> c2.verifyServerFinal(b("v=" + Base64.getEncoder().encodeToString(new byte[32]))));
        ScramClient c3 = new ScramClient("x").withNonce("abc");
        c3.clientFirst();
        c3.clientFinal(b("r=abcdef,s=c2FsdA==,i=1"));
        assertThrows(ScramException.class, () -> c3.verifyServerFinal(b("e=invalid-proof")));
    }

    @Test
    void acceptsYFlagButItMustMatchInFinal() {
        ScramVerifier v = ScramVerifier.generate("pw", 4096);
        ScramServer srv = new ScramServer(v);
        String first = s(srv.serverFirst(b("y,,n=,r=abc")));
        String nonce = first.substring(2, first.indexOf(','));
        // Header says y,, but client-final claims n,, (biws): a downgrade, refused.
        assertThrows(ScramException.class, () -> srv.serverFinal(b("c=biws,r=" + nonce + ",p=AAAA")));
    }

    @Test
    void malformedClientMessagesAreRejected() {
        String[] badFirst = {"", "n", "n,,", "p=tls-server-end-point,,n=,r=a", "x,,n=,r=a", "n,a=bob,n=,r=a",
                "n,,m=ext,n=,r=a", "n,,r=a,n=", "n,,n=a=b,r=x", "n,,n=,r=", "n,,n=,r=a,b"};
        for (String m : badFirst) {
            assertThrows(ScramException.class, () -> new ScramServer("pw").serverFirst(b(m)), m);
        }
        assertThrows(ScramException.class, () -> new ScramServer("pw").serverFirst(new byte[] {(byte) 0xFF}));
        assertThrows(ScramException.class, () -> new ScramServer("pw").serverFirst(null));

        String[] badFinal = {"", "c=biws", "c=biws,r=wrong,p=AAAA", "c=!!,r=N,p=AAAA", "r=N,c=biws,p=AAAA",
                "c=biws,r=N,p=!!", "c=biws,r=N,x=AAAA", "c=eSws,r=N,p=AAAA"};
        for (String m : badFinal) {
            ScramServer srv = rfcServer();
            srv.serverFirst(b(CLIENT_FIRST));
            String msg = m.replace("r=N", "r=" + CLIENT_NONCE + SERVER_SUFFIX);
            assertThrows(ScramException.class, () -> srv.serverFinal(b(msg)), m);
        }
        // Short proof: well-formed but wrong.
        ScramServer srv = rfcServer();
        srv.serverFirst(b(CLIENT_FIRST));
        assertEquals(Optional.empty(), srv.serverFinal(b("c=biws,r=" + CLIENT_NONCE + SERVER_SUFFIX + ",p=AAAA")));
        assertThrows(IllegalStateException.class, () -> srv.serverFinal(b(CLIENT_FINAL)));
    }

    @Test
    void clientRejectsHostileServerFirst() {
        String[] bad = {"r=other,s=c2FsdA==,i=4096", "r=abc,s=c2FsdA==,i=4096", "r=abcd,s=,i=4096",
                "r=abcd,s=c2FsdA==,i=0", "r=abcd,s=c2FsdA==,i=999999999", "r=abcd,s=c2FsdA==,i=x",
                "m=x,r=abcd,s=c2FsdA==,i=1", "r=abcd,s=c2FsdA==", "s=c2FsdA==,r=abcd,i=1"};
        for (String m : bad) {
            ScramClient c = new ScramClient("pw").withNonce("abc");
            c.clientFirst();
            assertThrows(ScramException.class, () -> c.clientFinal(b(m)), m);
        }
    }

    @Test
    void verifierRoundTripsThroughPostgresFormat() {
        ScramVerifier v = ScramVerifier.generate("secret", 4096);
        assertEquals(v, ScramVerifier.parse(v.toRolPassword()));
        assertFalse(v.toString().contains(Base64.getEncoder().encodeToString(v.storedKey())));
        assertThrows(IllegalArgumentException.class, () -> ScramVerifier.parse("md5abc"));
    }

    @Test
    void saslPrep() {
        assertEquals("pencil", Scram.saslPrep("pencil"));
        // ASCII control characters are left alone, as PostgreSQL does.
        assertEquals("a\tb", Scram.saslPrep("a\tb"));
        assertEquals("IX", Scram.saslPrep("\u2168"));
        assertEquals("a b", Scram.saslPrep("a\u00A0b"));
        assertEquals("ab", Scram.saslPrep("a\u00ADb"));
        // Prohibited character: the raw password is used, matching PostgreSQL's fallback.
        assertEquals("a\u0080b\u00e9", Scram.saslPrep("a\u0080b\u00e9"));
    }

    @Test
    void md5MatchesPostgres() {
        // Computed independently: md5(md5("secret"+"alice").hexdigest() + b"\x01\x02\x03\x04").
        assertEquals(MD5_EXPECTED, Md5Password.hash("alice", "secret", new byte[] {1, 2, 3, 4}));
    }

    static final String MD5_EXPECTED = "md598a0412b9c31436fc53776e863350083";
}
