package hoop.cli;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server in the test JVM (s3proxy on jclouds' transient store). It knows one key pair
 * and checks SigV4 on every request, so only requests signed with that key (the JIT credential) succeed.
 */
final class S3Server implements AutoCloseable {
    static final String ACCESS_KEY = "ASIAJITS3PROXYKEY001";
    static final String SECRET_KEY = "jitSecretForS3proxy/0123456789abcdefABCD";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    S3Server() throws Exception {
        Properties props = new Properties();
        context = ContextBuilder.newBuilder("transient").credentials("unused", "unused").overrides(props).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The session token header is not one s3proxy knows; without this every JIT request fails.
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        for (int i = 0; i < 100 && !"STARTED".equals(proxy.getState()); i++) Thread.sleep(50);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    void createBucket(String name) {
        context.getBlobStore().createContainerInLocation(null, name);
    }

    boolean bucketExists(String name) {
        return context.getBlobStore().containerExists(name);
    }

    void put(String bucket, String key, byte[] data) {
        var bs = context.getBlobStore();
        bs.putBlob(bucket, bs.blobBuilder(key).payload(data).contentLength(data.length).build());
    }

    byte[] get(String bucket, String key) throws Exception {
        var blob = context.getBlobStore().getBlob(bucket, key);
        if (blob == null) return null;
        try (var in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    void delete(String bucket, String key) {
        context.getBlobStore().removeBlob(bucket, key);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
