package hoop.protocol.postgres;

import hoop.protocol.postgres.PgBackendMessage.*;
import hoop.protocol.postgres.PgFrontendMessage.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Fixed and random instances of every message type. */
final class Samples {
    private Samples() {
    }

    static Startup startup() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", "alice");
        p.put("database", "shop");
        p.put("application_name", "psql ✓");
        p.put("options", "");
        return new Startup(PgFrontendMessage.PROTOCOL_3_0, p);
    }

    static List<PgFrontendMessage> startupPhase() {
        return List.of(startup(), new SslRequest(), new GssEncRequest(), new CancelRequest(4242, -123456789));
    }

    static List<PgFrontendMessage> typedFrontend() {
        return List.of(
                new Query("SELECT 'héllo', 1;"),
                new Query(""),
                new Parse("s1", "SELECT $1::int, $2", new int[] {23, 0}),
                new Parse("", "SELECT 1", new int[0]),
                new Bind("p1", "s1", new short[] {0, 1}, Arrays.asList(b("42"), null), new short[] {1}),
                new Bind("", "", new short[0], List.of(), new short[0]),
                new Describe((byte) 'S', "s1"),
                new Describe((byte) 'P', ""),
                new Execute("p1", 100),
                new Execute("", 0),
                new Sync(),
                new Flush(),
                new Close((byte) 'S', "s1"),
                new Close((byte) 'P', "p1"),
                new Terminate(),
                PasswordMessage.password("md5abcdef"),
                PasswordMessage.saslInitial("SCRAM-SHA-256", b("n,,n=,r=abc")),
                PasswordMessage.saslInitial("SCRAM-SHA-256", null),
                PasswordMessage.saslResponse(b("c=biws,r=abc,p=xyz")),
                new PgFrontendMessage.CopyData(b("1\tfoo\n")),
                new PgFrontendMessage.CopyData(new byte[0]),
                new PgFrontendMessage.CopyDone(),
                new CopyFail("client gave up"),
                new FunctionCall(1598, new short[] {1}, Arrays.asList(new byte[] {0, 0, 0, 1}, null), (short) 1));
    }

    static List<PgBackendMessage> backend() {
        return List.of(
                Authentication.ok(),
                Authentication.cleartext(),
                Authentication.md5(new byte[] {1, 2, 3, 4}),
                Authentication.sasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
                Authentication.saslContinue(b("r=abc,s=c2FsdA==,i=4096")),
                Authentication.saslFinal(b("v=xyz")),
                new Authentication(7, new byte[0]),
                new ParameterStatus("server_version", "15.4"),
                new BackendKeyData(4242, 99),
                new ReadyForQuery((byte) 'I'),
                new ReadyForQuery((byte) 'T'),
                new ReadyForQuery((byte) 'E'),
                new RowDescription(List.of(
                        new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0),
                        new RowDescription.Field("név", 0, (short) 0, 25, (short) -1, -1, (short) 1))),
                new RowDescription(List.of()),
                new DataRow(Arrays.asList(b("1"), null, new byte[0])),
                new DataRow(List.of()),
                new CommandComplete("SELECT 1"),
                PgWire.errorResponse("ERROR", "42P01", "relation \"x\" does not exist"),
                PgWire.notice("NOTICE", "00000", "hi"),
                new ErrorResponse(List.of()),
                new NotificationResponse(77, "chan", "payload"),
                new CopyOutResponse((byte) 0, new short[] {0, 0}),
                new CopyInResponse((byte) 1, new short[] {1}),
                new CopyBothResponse((byte) 0, new short[0]),
                new PgBackendMessage.CopyData(b("row\n")),
                new PgBackendMessage.CopyDone(),
                new EmptyQueryResponse(),
                new ParseComplete(),
                new BindComplete(),
                new CloseComplete(),
                new NoData(),
                new PortalSuspended(),
                new ParameterDescription(new int[] {23, 25}),
                new NegotiateProtocolVersion(0, List.of("_pq_.foo")),
                new Other((byte) 'V', new byte[] {0, 0, 0, 1, 7}));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- random generation for fuzzing ----

    private static final String ALPHABET = "abcXYZ019 _-'\";,.$()=ñé✓€\uD83D\uDE00";

    static String str(Random r) {
        int n = r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                    r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return sb.toString();
    }

    static byte[] bytes(Random r) {
        byte[] b = new byte[r.nextInt(20)];
        r.nextBytes(b);
        return b;
    }

    static List<byte[]> values(Random r) {
        int n = r.nextInt(5);
        List<byte[]> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            v.add(r.nextInt(4) == 0 ? null : bytes(r));
        }
        return v;
    }

    static short[] shorts(Random r) {
        short[] s = new short[r.nextInt(4)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) r.nextInt(2);
        }
        return s;
    }

    static PgFrontendMessage randomTyped(Random r) {
        return switch (r.nextInt(17)) {
            case 0 -> new Query(str(r));
            case 1 -> new Parse(str(r), str(r), r.ints(r.nextInt(4)).toArray());
            case 2 -> {
                List<byte[]> params = values(r);
                short[] formats = switch (r.nextInt(3)) {
                    case 0 -> new short[0];
                    case 1 -> new short[] {(short) r.nextInt(2)};
                    default -> new short[params.size()];
                };
                yield new Bind(str(r), str(r), formats, params, shorts(r));
            }
            case 3 -> new Describe(r.nextBoolean() ? (byte) 'S' : (byte) 'P', str(r));
            case 4 -> new Execute(str(r), r.nextInt());
            case 5 -> new Sync();
            case 6 -> new Flush();
            case 7 -> new Close(r.nextBoolean() ? (byte) 'S' : (byte) 'P', str(r));
            case 8 -> new Terminate();
            case 9 -> new PasswordMessage(bytes(r));
            case 10 -> new PgFrontendMessage.CopyData(bytes(r));
            case 11 -> new PgFrontendMessage.CopyDone();
            case 12 -> new CopyFail(str(r));
            case 13 -> new FunctionCall(r.nextInt(), shorts(r), values(r), (short) r.nextInt(2));
            case 14 -> PasswordMessage.saslInitial(str(r), r.nextBoolean() ? null : bytes(r));
            case 15 -> new Query("SELECT " + str(r));
            default -> new Execute("", 0);
        };
    }

    static PgFrontendMessage randomStartupPacket(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> new SslRequest();
            case 1 -> new GssEncRequest();
            case 2 -> new CancelRequest(r.nextInt(), r.nextInt());
            default -> {
                Map<String, String> p = new LinkedHashMap<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    p.put("k" + i + str(r), str(r));
                }
                yield new Startup(PgFrontendMessage.PROTOCOL_3_0 | r.nextInt(3), p);
            }
        };
    }

    static PgBackendMessage randomBackend(Random r) {
        return switch (r.nextInt(25)) {
            case 0 -> Authentication.ok();
            case 1 -> Authentication.md5(new byte[] {(byte) r.nextInt(), 2, 3, 4});
            case 2 -> Authentication.sasl(List.of("SCRAM-SHA-256", "x" + str(r)));
            case 3 -> Authentication.saslContinue(bytes(r));
            case 4 -> new ParameterStatus(str(r), str(r));
            case 5 -> new BackendKeyData(r.nextInt(), r.nextInt());
            case 6 -> new ReadyForQuery((byte) "ITE".charAt(r.nextInt(3)));
            case 7 -> {
                List<RowDescription.Field> f = new ArrayList<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    f.add(new RowDescription.Field(str(r), r.nextInt(), (short) r.nextInt(), r.nextInt(),
                            (short) r.nextInt(), r.nextInt(), (short) r.nextInt(2)));
                }
                yield new RowDescription(f);
            }
            case 8, 9 -> new DataRow(values(r));
            case 10 -> new CommandComplete(str(r));
            case 11 -> PgWire.errorResponse("ERROR", "XX000", str(r));
            case 12 -> PgWire.notice("WARNING", "01000", str(r));
            case 13 -> new NotificationResponse(r.nextInt(), str(r), str(r));
            case 14 -> new CopyOutResponse((byte) r.nextInt(2), shorts(r));
            case 15 -> new CopyInResponse((byte) r.nextInt(2), shorts(r));
            case 16 -> new CopyBothResponse((byte) r.nextInt(2), shorts(r));
            case 17 -> new PgBackendMessage.CopyData(bytes(r));
            case 18 -> new ParameterDescription(r.ints(r.nextInt(4)).toArray());
            case 19 -> new NegotiateProtocolVersion(r.nextInt(3), List.of(str(r)));
            case 20 -> new Other((byte) 'V', bytes(r));
            case 21 -> new ParseComplete();
            case 22 -> new NoData();
            case 23 -> new EmptyQueryResponse();
            default -> new PortalSuspended();
        };
    }
}
