package hoop.bench;

import com.sun.net.httpserver.HttpServer;
import hoop.config.ConfigLoader;
import hoop.config.HoopHome;
import hoop.gateway.Gateway;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PutObject and GetObject of 10 MB objects, direct to s3proxy and through hoop's AWS proxy (policy, SigV4
 * check and re-sign, masking, recording all on), in one run; prints MB/s and the ratio. Not a test. The SDK
 * client and s3proxy share this JVM; hoop runs in its own ({@link GatewayProcess}).
 */
public final class S3Bench {
    static final String KEY = "ASIABENCHJITKEY00001";
    static final String SECRET = "benchJitSecret/0123456789abcdefABCDEFGHIJ";

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "20"));
        // Unmeasured rounds first: until the JIT has compiled both paths it takes a core of its own.
        int warmup = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "100"));
        BlobStoreContext ctx = ContextBuilder.newBuilder("transient").credentials("x", "y").build(BlobStoreContext.class);
        S3Proxy s3 = S3Proxy.builder().blobStore(ctx.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).ignoreUnknownHeaders(true).build();
        s3.start();
        while (!"STARTED".equals(s3.getState())) Thread.sleep(20);
        ctx.getBlobStore().createContainerInLocation(null, "bench");
        HttpServer sts = stsDouble();
        Path home = Files.createTempDirectory("hoop-s3bench");
        Files.writeString(home.resolve("hoop.yaml"), """
                gateway: { listen: 127.0.0.1:0 }
                connections:
                  - name: aws
                    type: aws
                    region: us-east-1
                    credentials: { access_key_id: "${env:K}", secret_access_key: "${env:S}" }
                    jit: { role_arn: "arn:aws:iam::123456789012:role/bench", resources: [arn:aws:s3:::bench], sts_endpoint: "http://127.0.0.1:%d" }
                    endpoint: http://127.0.0.1:%d
                    policies: [p]
                    masking: [m]
                policies:
                  p: { default: allow, rules: [{ action: deny, match: { operation: ["s3:DeleteBucket"] } }] }
                masking:
                  m: { detectors: [email, aws_access_key, aws_secret_key] }
                """.formatted(sts.getAddress().getPort(), s3.getPort()));
        Map<String, String> env = Map.of("HOOP_HOME", home.toString(), "HOME", home.toString(), "K", "AKIABENCHLONGLIVED01", "S", "x".repeat(40));
        // The gateway runs in its own JVM, as `hoop gateway` does (INPROCESS=1: in this one, as before).
        Process child = null;
        Gateway inProcess = null;
        if (System.getenv("INPROCESS") != null) {
            inProcess = Gateway.start(ConfigLoader.load(home.resolve("hoop.yaml"), env), HoopHome.fromEnv(env));
        } else {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"));
            // HOOP_BENCH_JAVA_OPTS adds gateway JVM options, as in pg.sh (a profiler agent, a GC log).
            String extra = System.getenv().getOrDefault("HOOP_BENCH_JAVA_OPTS", "").strip();
            if (!extra.isEmpty()) command.addAll(List.of(extra.split("\\s+")));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(), home.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("gateway.log").toFile());
            pb.environment().putAll(env);
            child = pb.start();
            for (int i = 0; i < 300 && !Files.exists(HoopHome.fromEnv(env).addressFile()); i++) Thread.sleep(50);
        }
        try (AutoCloseable stopGateway = inProcess != null ? inProcess : child::destroy) {
            Map<String, String> grant = connect(HoopHome.fromEnv(env));
            // OBJECT_KB=1 shows the fixed cost per request rather than throughput.
            int kb = Integer.parseInt(System.getenv().getOrDefault("OBJECT_KB", "10240"));
            String size = kb % 1024 == 0 ? kb / 1024 + " MB" : kb + " KB";
            byte[] data = new byte[kb << 10];
            new java.util.Random(1).nextBytes(data);
            try (S3Client direct = client(URI.create("http://127.0.0.1:" + s3.getPort()), KEY, SECRET);
                 S3Client hoop = client(URI.create(grant.get("AWS_ENDPOINT_URL")), grant.get("AWS_ACCESS_KEY_ID"), grant.get("AWS_SECRET_ACCESS_KEY"))) {
                // A gateway serves many requests: compile its per-request path (verify, judge, re-sign) with small
                // objects first, as a long-running one would have, then warm the 10 MB path.
                run("warm-up", direct, hoop, new byte[1024], 50 * warmup);
                // And for a while: C2 went on compiling and deoptimizing the gateway's body path for about 100 s of
                // traffic (PrintCompilation: 5,500 compilations in the first 10 s, still 70 in the 10 s after 70 s, a
                // dozen after 100 s); rounds measured before that show a gateway that has not run for long.
                long warmUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(
                        Long.parseLong(System.getenv().getOrDefault("WARMUP_SECONDS", "120")));
                do {
                    run("warm-up", direct, hoop, data, warmup);
                } while (System.nanoTime() < warmUntil);
                java.time.Duration cpu0 = cpu(child);
                double[] r = run("measured", direct, hoop, data, rounds);
                java.time.Duration cpu1 = cpu(child);
                report(size, "through hoop", r);
                if (cpu0 != null && cpu1 != null) {
                    System.out.printf("hoop's JVM used %.1f ms of CPU per %s%n", cpu1.minus(cpu0).toNanos() / 1e6 / rounds,
                            PUT_ONLY ? "PutObject" : GET_ONLY ? "GetObject" : "PutObject and GetObject");
                }
                if (!"0".equals(System.getenv().getOrDefault("RELAY", "1"))) {
                    // The floor: the same traffic through a relay that only copies bytes.
                    try (TcpRelay relay = new TcpRelay(s3.getPort()); S3Client relayed = client(URI.create("http://127.0.0.1:" + relay.port()), KEY, SECRET)) {
                        run("warm-up", direct, relayed, data, warmup);
                        double[] t = run("measured", direct, relayed, data, rounds);
                        report(size, "bare TCP relay", t);
                        // The relay is the floor of any proxy here: on runs where direct GETs are fast, even it
                        // reached only about 0.7x. Each ratio is against the direct rounds of its own phase.
                        System.out.printf("hoop against the bare relay: PutObject %.2fx, GetObject %.2fx%n",
                                (r[1] / r[0]) / (t[1] / t[0]), (r[3] / r[2]) / (t[3] / t[2]));
                    }
                }
            }
        } finally {
            sts.stop(0);
            s3.stop();
            ctx.close();
        }
    }

    /** One line per operation: MB/s direct and through the other path, their ratio, and the median round's (see run). */
    private static void report(String size, String through, double[] r) {
        System.out.printf("PutObject %s: direct %.1f MB/s, %s %.1f MB/s, ratio %.2fx (median round %.2fx; %.2fx going first, %.2fx second)%n",
                size, r[0], through, r[1], r[1] / r[0], r[4], r[6], r[7]);
        System.out.printf("GetObject %s: direct %.1f MB/s, %s %.1f MB/s, ratio %.2fx (median round %.2fx)%n", size, r[2], through, r[3], r[3] / r[2], r[5]);
    }

    /** CPU time the gateway's own JVM has used so far; null when it runs in this one. */
    private static java.time.Duration cpu(Process child) {
        return child == null ? null : child.toHandle().info().totalCpuDuration().orElse(null);
    }

    /** PUT_ONLY=1: uploads alone, to profile that path; GET_ONLY=1: downloads alone (each object put once, unmeasured). */
    private static final boolean PUT_ONLY = System.getenv("PUT_ONLY") != null;
    private static final boolean GET_ONLY = System.getenv("GET_ONLY") != null;
    private static final boolean ROUND_LOG = System.getenv("ROUND_LOG") != null;

    /**
     * [put direct, put hoop, get direct, get hoop] in MB/s over all rounds, then the median of each round's
     * hoop/direct ratio for put and get, then the put median of the rounds where hoop went first and of those where it
     * went second. The two paths alternate (and take turns going first) so drift hits both alike; the median also
     * keeps one round that met a GC pause or a JIT burst (all parties share this JVM and two cores) from
     * deciding the result.
     */
    static double[] run(String label, S3Client direct, S3Client hoop, byte[] data, int rounds) {
        double[] nanos = new double[4];
        double[] putRatios = new double[rounds];
        double[] getRatios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long[] took = new long[4];
            S3Client[] cs = {direct, hoop};
            // Which path goes first alternates too: the one that follows pays for the garbage and the cache misses
            // the other left (the SDK client and s3proxy share this JVM).
            for (int k = 0; k < 2; k++) {
                int c = (i + k) % 2;
                String key = "o" + c;
                if (GET_ONLY && i == 0) cs[c].putObject(b -> b.bucket("bench").key(key), RequestBody.fromBytes(data));
                long t0 = System.nanoTime();
                if (!GET_ONLY) cs[c].putObject(b -> b.bucket("bench").key(key), RequestBody.fromBytes(data));
                long t1 = System.nanoTime();
                byte[] back = PUT_ONLY ? data : cs[c].getObjectAsBytes(b -> b.bucket("bench").key(key)).asByteArray();
                long t2 = System.nanoTime();
                if (back.length != data.length) throw new IllegalStateException("short read");
                took[c] = t1 - t0;
                took[2 + c] = t2 - t1;
                nanos[c] += t1 - t0;
                nanos[2 + c] += t2 - t1;
            }
            if (ROUND_LOG) System.out.printf("%s round %d: put %.1f / %.1f ms, get %.1f / %.1f ms (direct / other)%n", label, i,
                    took[0] / 1e6, took[1] / 1e6, took[2] / 1e6, took[3] / 1e6);
            putRatios[i] = (double) took[0] / took[1];
            getRatios[i] = (double) took[2] / Math.max(1, took[3]);
        }
        double mb = data.length / 1e6 * rounds;
        return new double[] {mb / (nanos[0] / 1e9), mb / (nanos[1] / 1e9), mb / (nanos[2] / 1e9), mb / (nanos[3] / 1e9),
                median(putRatios), median(getRatios), median(every(putRatios, 1)), median(every(putRatios, 0))};
    }

    /** The rounds from {@code first} on, every other one: those where the second path of the pair went first. */
    private static double[] every(double[] v, int first) {
        double[] out = new double[(v.length - first + 1) / 2];
        for (int i = first, k = 0; i < v.length; i += 2) out[k++] = v[i];
        return out;
    }

    private static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static S3Client client(URI endpoint, String key, String secret) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
    }

    /** `hoop connect aws --json`, through the control API. */
    static Map<String, String> connect(HoopHome home) throws Exception {
        String addr = Files.readString(home.addressFile()).strip();
        String token = Files.readString(home.tokenFile()).strip();
        var req = java.net.http.HttpRequest.newBuilder(URI.create("http://" + addr + "/v1/sessions"))
                .header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"connection\":\"aws\",\"ttl_seconds\":3600}")).build();
        String body = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        var envNode = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("env");
        Map<String, String> out = new java.util.HashMap<>();
        envNode.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** STS cannot run here: AssumeRole answered with the key s3proxy accepts. */
    static HttpServer stsDouble() throws Exception {
        HttpServer sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sts.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = ("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>" + KEY + "</AccessKeyId><SecretAccessKey>"
                    + SECRET + "</SecretAccessKey><SessionToken>benchtoken</SessionToken><Expiration>" + Instant.now().plusSeconds(3600)
                    + "</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        sts.start();
        return sts;
    }
}
