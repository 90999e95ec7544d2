package hoop.protocol.awshttp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which service an Action or X-Amz-Target names, from botocore's models (aws-operations.txt). A server behind an
 * endpoint override need not route by the credential scope: ElasticMQ runs Action=DeleteQueue whatever the request
 * was signed for, and a router like LocalStack's goes by the target's prefix when the scope names no service it
 * knows. Such a call, named by the scope (foo:DeleteQueue), passed a rule on sqs:DeleteQueue.
 */
final class AwsServiceOperations {
    /** Operation name to the signing names (and endpoint prefixes) of the services that have it. */
    private static final Map<String, Set<String>> OWNERS = new HashMap<>();
    /** Target prefix, lower case, to the names of its service. */
    private static final Map<String, Set<String>> TARGETS = new HashMap<>();

    static {
        for (String[] f : hoop.core.TableResource.rows(AwsServiceOperations.class, "aws-operations.txt")) {
            Set<String> names = Set.of(f[0].split(","));
            if (!f[1].equals("-")) TARGETS.computeIfAbsent(f[1].toLowerCase(Locale.ROOT), k -> new HashSet<>()).addAll(names);
            for (int i = 2; i < f.length; i++) OWNERS.computeIfAbsent(f[i], k -> new HashSet<>()).addAll(names);
        }
    }

    private AwsServiceOperations() {}

    /**
     * Why the call is another service's than the one it was signed for, or null: its target prefix or its operation
     * belongs to known services, none of them this one. A name no model knows is left to the scope, and so is any
     * operation under this service's own target prefix (a call newer than the models, routed here either way).
     */
    static String foreign(String scopeService, String targetPrefix, String op) {
        Set<String> byTarget = targetPrefix == null ? null : TARGETS.get(targetPrefix.toLowerCase(Locale.ROOT));
        if (byTarget != null) return byTarget.contains(scopeService) ? null : "the target " + targetPrefix + " is another service's than " + scopeService;
        Set<String> owners = OWNERS.get(op);
        if (owners != null && !owners.contains(scopeService)) return op + " is an operation of " + String.join("/", new java.util.TreeSet<>(owners)) + ", not of " + scopeService;
        return null;
    }
}
