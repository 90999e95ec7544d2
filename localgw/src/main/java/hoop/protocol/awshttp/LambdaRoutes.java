package hoop.protocol.awshttp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda speaks REST-JSON: the call is named by method and path, the function by a path segment (a name, a
 * partial ARN or an ARN, percent-encoded). The common calls are named here; any other Lambda path is unknown.
 */
final class LambdaRoutes {
    private record Route(String method, String path, String operation) {}

    /** {f}: the function; {q}: a qualifier (alias); {x}: a segment that names no resource (a statement id). */
    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/2015-03-31/functions/{f}/invocations", "Invoke"),
            new Route("POST", "/2014-11-13/functions/{f}/invoke-async", "InvokeAsync"),
            new Route("POST", "/2021-11-15/functions/{f}/response-streaming-invocations", "InvokeWithResponseStream"),
            new Route("GET", "/2015-03-31/functions", "ListFunctions"),
            new Route("POST", "/2015-03-31/functions", "CreateFunction"),
            new Route("GET", "/2015-03-31/functions/{f}", "GetFunction"),
            new Route("DELETE", "/2015-03-31/functions/{f}", "DeleteFunction"),
            new Route("GET", "/2015-03-31/functions/{f}/configuration", "GetFunctionConfiguration"),
            new Route("PUT", "/2015-03-31/functions/{f}/configuration", "UpdateFunctionConfiguration"),
            new Route("PUT", "/2015-03-31/functions/{f}/code", "UpdateFunctionCode"),
            new Route("GET", "/2015-03-31/functions/{f}/policy", "GetPolicy"),
            new Route("POST", "/2015-03-31/functions/{f}/policy", "AddPermission"),
            new Route("DELETE", "/2015-03-31/functions/{f}/policy/{x}", "RemovePermission"),
            new Route("GET", "/2015-03-31/functions/{f}/versions", "ListVersionsByFunction"),
            new Route("POST", "/2015-03-31/functions/{f}/versions", "PublishVersion"),
            new Route("GET", "/2015-03-31/functions/{f}/aliases", "ListAliases"),
            new Route("POST", "/2015-03-31/functions/{f}/aliases", "CreateAlias"),
            new Route("GET", "/2015-03-31/functions/{f}/aliases/{q}", "GetAlias"),
            new Route("PUT", "/2015-03-31/functions/{f}/aliases/{q}", "UpdateAlias"),
            new Route("DELETE", "/2015-03-31/functions/{f}/aliases/{q}", "DeleteAlias"),
            new Route("PUT", "/2017-10-31/functions/{f}/concurrency", "PutFunctionConcurrency"),
            new Route("DELETE", "/2017-10-31/functions/{f}/concurrency", "DeleteFunctionConcurrency"),
            new Route("GET", "/2019-09-30/functions/{f}/concurrency", "GetFunctionConcurrency"),
            new Route("GET", "/2021-10-31/functions/{f}/url", "GetFunctionUrlConfig"),
            new Route("POST", "/2021-10-31/functions/{f}/url", "CreateFunctionUrlConfig"),
            new Route("PUT", "/2021-10-31/functions/{f}/url", "UpdateFunctionUrlConfig"),
            new Route("DELETE", "/2021-10-31/functions/{f}/url", "DeleteFunctionUrlConfig"),
            new Route("GET", "/2016-08-19/account-settings", "GetAccountSettings"));

    private LambdaRoutes() {}

    /** The call and its parameters (FunctionName, Qualifier) as the JSON protocols would carry them, or null. */
    static Named identify(String method, String rawPath, Map<String, String> query, byte[] body) {
        List<String> segments = segments(rawPath);
        for (Route r : ROUTES) {
            if (!r.method().equals(method)) continue;
            String[] want = r.path().substring(1).split("/");
            if (want.length != segments.size()) continue;
            Map<String, Object> params = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < want.length && ok; i++) {
                switch (want[i]) {
                    case "{f}" -> params.put("FunctionName", segments.get(i));
                    case "{q}" -> params.put("Qualifier", segments.get(i));
                    case "{x}" -> { }
                    default -> ok = want[i].equals(segments.get(i));
                }
            }
            if (!ok) continue;
            if (query.containsKey("Qualifier")) {
                // An alias in the path and a Qualifier: which one the service acts on is its own choice.
                if (params.containsKey("Qualifier")) throw new IllegalArgumentException("a qualifier in the path and in the query");
                params.put("Qualifier", query.get("Qualifier"));
            }
            if (r.operation().equals("CreateFunction")) {
                Object name = AwsCalls.jsonParameters(body).get("FunctionName");
                if (name != null) params.put("FunctionName", name);
            }
            return new Named("lambda:" + r.operation(), params);
        }
        return null;
    }

    record Named(String operation, Map<String, Object> params) {}

    /**
     * The path's segments decoded; a trailing '/' is dropped (the CLI sends /functions/). Spellings a router
     * might read otherwise are refused: an empty segment, a dot segment, an encoded '/', no UTF-8.
     */
    private static List<String> segments(String rawPath) {
        String p = rawPath.endsWith("/") && rawPath.length() > 1 ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        List<String> out = new ArrayList<>();
        for (String raw : p.substring(1).split("/", -1)) {
            String s;
            try {
                s = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the path is not valid percent-encoding");
            }
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/") || s.contains("\uFFFD")) {
                throw new IllegalArgumentException("the Lambda path has an empty, dot, encoded-slash or non-UTF-8 segment");
            }
            out.add(s);
        }
        return out;
    }
}
