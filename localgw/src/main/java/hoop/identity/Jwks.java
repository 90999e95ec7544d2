package hoop.identity;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The issuer's signing keys, cached. An unknown kid triggers a refetch (keys rotate), but at most once per
 * minRefetch, so a flood of tokens with made-up kids cannot turn the gateway into a load on the provider.
 */
public final class Jwks {
    private final Supplier<URI> uri;
    private final Clock clock;
    private final Duration minRefetch;
    private final Duration maxAge;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private List<JWK> keys = List.of();
    private Instant fetchedAt = Instant.EPOCH;
    private int fetches;
    /** Why the last fetch failed, until one succeeds: within minRefetch a token is refused for it, not as "unknown kid". */
    private TokenRejected lastFailure;

    /** uri is resolved lazily (discovery), so the gateway starts even while the provider is down. */
    public Jwks(Supplier<URI> uri, Clock clock, Duration minRefetch, Duration maxAge) {
        this.uri = uri;
        this.clock = clock;
        this.minRefetch = minRefetch;
        this.maxAge = maxAge;
    }

    /** Keys with this kid (every key when kid is null), refetching once if none is known and the limit allows. */
    public synchronized List<JWK> find(String kid) throws TokenRejected {
        Instant now = clock.instant();
        boolean stale = now.isAfter(fetchedAt.plus(maxAge));
        List<JWK> found = select(kid);
        if ((found.isEmpty() || stale) && !now.isBefore(fetchedAt.plus(minRefetch))) {
            fetch(now);
            found = select(kid);
        } else if (found.isEmpty() && lastFailure != null) {
            throw new TokenRejected(lastFailure.reason(), lastFailure.getMessage());
        }
        return found;
    }

    /** How many times the key set was fetched (tests check the rate limit with it). */
    public synchronized int fetches() {
        return fetches;
    }

    private List<JWK> select(String kid) {
        return keys.stream().filter(k -> kid == null || kid.equals(k.getKeyID())).toList();
    }

    private void fetch(Instant now) throws TokenRejected {
        fetchedAt = now;
        fetches++;
        try {
            fetchKeys();
            lastFailure = null;
        } catch (TokenRejected e) {
            lastFailure = e;
            throw e;
        }
    }

    private void fetchKeys() throws TokenRejected {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri.get()).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new TokenRejected("provider_unavailable", "the issuer's JWKS answered HTTP " + r.statusCode());
            keys = JWKSet.parse(r.body()).getKeys().stream().filter(k -> !k.isPrivate()).toList();
        } catch (TokenRejected e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRejected("provider_unavailable", "interrupted while fetching the issuer's keys");
        } catch (Exception e) {
            throw new TokenRejected("provider_unavailable", "cannot fetch the issuer's keys: " + IoWords.of(e));
        }
    }
}
