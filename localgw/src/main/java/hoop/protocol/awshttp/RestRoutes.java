package hoop.protocol.awshttp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Services speaking REST-JSON name the call by method and path: Lambda (the function a path segment: a name, a
 * partial ARN or an ARN, percent-encoded) and IoT's topic rules. The common calls are named here; any other path of
 * theirs is unknown, as every path of a REST service not here is.
 */
final class RestRoutes {
    private record Route(String method, String path, String operation) {}

    /**
     * {f}: the function; {q}: a qualifier (alias); {r}: a topic rule; {x}: a segment that names no resource (a
     * statement id, an event source mapping's id).
     */
    private static final List<Route> LAMBDA = List.of(
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
            // Where a function's results and failed events go, and what it reads from (FunctionName in the body).
            new Route("PUT", "/2019-09-25/functions/{f}/event-invoke-config", "PutFunctionEventInvokeConfig"),
            new Route("POST", "/2019-09-25/functions/{f}/event-invoke-config", "UpdateFunctionEventInvokeConfig"),
            new Route("GET", "/2019-09-25/functions/{f}/event-invoke-config", "GetFunctionEventInvokeConfig"),
            new Route("DELETE", "/2019-09-25/functions/{f}/event-invoke-config", "DeleteFunctionEventInvokeConfig"),
            new Route("GET", "/2019-09-25/functions/{f}/event-invoke-config/list", "ListFunctionEventInvokeConfigs"),
            new Route("POST", "/2015-03-31/event-source-mappings", "CreateEventSourceMapping"),
            new Route("GET", "/2015-03-31/event-source-mappings/{x}", "GetEventSourceMapping"),
            new Route("PUT", "/2015-03-31/event-source-mappings/{x}", "UpdateEventSourceMapping"),
            new Route("DELETE", "/2015-03-31/event-source-mappings/{x}", "DeleteEventSourceMapping"),
            new Route("GET", "/2016-08-19/account-settings", "GetAccountSettings"));

    /** IoT's topic rules (signed as iot; the data plane, signed as iotdata, has none of these paths). */
    private static final List<Route> IOT = List.of(
            new Route("GET", "/rules", "ListTopicRules"),
            new Route("POST", "/rules/{r}", "CreateTopicRule"),
            new Route("PATCH", "/rules/{r}", "ReplaceTopicRule"),
            new Route("GET", "/rules/{r}", "GetTopicRule"),
            new Route("DELETE", "/rules/{r}", "DeleteTopicRule"),
            new Route("POST", "/rules/{r}/enable", "EnableTopicRule"),
            new Route("POST", "/rules/{r}/disable", "DisableTopicRule"),
            new Route("POST", "/destinations", "CreateTopicRuleDestination"));

    /** Per signing name, its routes; the IAM prefix is the same name. */
    private static final Map<String, List<Route>> SERVICES = Map.of("lambda", LAMBDA, "iot", IOT);

    /** Calls whose body may name the function they act on (a function created, a mapping pointed at one). */
    private static final java.util.Set<String> FUNCTION_IN_BODY = java.util.Set.of("CreateFunction", "CreateEventSourceMapping",
            "UpdateEventSourceMapping");

    private RestRoutes() {}

    /** Whether calls signed for this service are named by their path here. */
    static boolean serves(String signingName) {
        return SERVICES.containsKey(signingName);
    }

    /** The call and its parameters (FunctionName, Qualifier, RuleName) as the JSON protocols would carry them, or null. */
    static Named identify(String service, String method, String rawPath, Map<String, String> query, byte[] body) {
        List<String> segments = segments(rawPath);
        for (Route r : SERVICES.getOrDefault(service, List.of())) {
            if (!r.method().equals(method)) continue;
            String[] want = r.path().substring(1).split("/");
            if (want.length != segments.size()) continue;
            Map<String, Object> params = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < want.length && ok; i++) {
                switch (want[i]) {
                    case "{f}" -> params.put("FunctionName", segments.get(i));
                    case "{q}" -> params.put("Qualifier", segments.get(i));
                    case "{r}" -> params.put("RuleName", segments.get(i));
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
            if (FUNCTION_IN_BODY.contains(r.operation()) && body != null && body.length > 0) {
                Object name = AwsCalls.jsonParameters(body).get("FunctionName");
                if (name != null) params.put("FunctionName", name);
            }
            return new Named(service + ":" + r.operation(), params);
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
                throw new IllegalArgumentException("the path has an empty, dot, encoded-slash or non-UTF-8 segment");
            }
            out.add(s);
        }
        return out;
    }
}
