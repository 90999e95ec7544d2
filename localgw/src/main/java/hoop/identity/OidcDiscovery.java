package hoop.identity;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The provider's /.well-known/openid-configuration, checked to belong to the configured issuer. */
public record OidcDiscovery(URI issuer, Map<String, Object> metadata) {

    public static OidcDiscovery fetch(URI issuer) {
        String base = issuer.toString().replaceAll("/+$", "");
        URI url = URI.create(base + "/.well-known/openid-configuration");
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException(url + " answered HTTP " + r.statusCode());
            Map<String, Object> m = JSONObjectUtils.parse(r.body());
            if (!base.equals(String.valueOf(m.get("issuer")))) {
                throw new IllegalStateException("discovery at " + url + " names issuer " + m.get("issuer") + ", not " + base);
            }
            return new OidcDiscovery(URI.create(base), m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during OIDC discovery");
        } catch (java.io.IOException | java.text.ParseException e) {
            throw new IllegalStateException("OIDC discovery at " + url + " failed: " + IoWords.of(e), e);
        }
    }

    public URI endpoint(String name) {
        Object v = metadata.get(name);
        return v == null ? null : URI.create(v.toString());
    }

    public URI jwksUri() {
        URI u = endpoint("jwks_uri");
        if (u == null) throw new IllegalStateException("the issuer's discovery document has no jwks_uri");
        return u;
    }
}
