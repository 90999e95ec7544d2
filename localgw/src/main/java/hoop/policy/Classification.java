package hoop.policy;

import hoop.policy.shell.SimpleCommand;
import java.util.List;
import java.util.Set;

/**
 * A command broken into the units policy judges one by one: simple commands of a shell script, statements
 * of a SQL message. The "unknown" unit stands for whatever could not be resolved statically.
 */
public record Classification(List<Unit> units, List<String> unknownReasons) {
    public Classification {
        units = List.copyOf(units);
        unknownReasons = List.copyOf(unknownReasons);
    }

    /**
     * argv is null for units without one (SQL statements, the unknown unit no command carries; the unknown unit of a
     * program run from a file, ./gradlew, carries that command); text is the unit's own text;
     * operation and resources: an AWS API call ("s3:DeleteBucket", ARNs), null and empty otherwise.
     */
    public record Unit(String kind, SimpleCommand argv, Set<String> flags, List<String> tables, String text,
                       String operation, List<String> resources) {
        public Unit {
            flags = Set.copyOf(flags);
            tables = List.copyOf(tables);
            resources = List.copyOf(resources);
        }

        public Unit(String kind, SimpleCommand argv, Set<String> flags, List<String> tables, String text) {
            this(kind, argv, flags, tables, text, null, List.of());
        }

        /**
         * A flag: the unit's resources are prefixes ("arn:aws:s3:::b/dir/" for `aws s3 rm --recursive s3://b/dir/`),
         * standing for every key that begins so, which hoop cannot list when it judges; also a resource hoop could
         * not pin down ("arn:aws:secretsmanager:eu-west-1:123456789012:" for a GetSecretValue whose SecretId it
         * cannot read), standing for every ARN that begins so.
         */
        public static final String KEY_PREFIX = "key-prefix";

        public static Unit shell(String kind, SimpleCommand c) {
            return new Unit(kind, c, Set.of(), List.of(), c == null ? "" : c.display());
        }
    }

    public boolean unknown() {
        return !unknownReasons.isEmpty();
    }

    /** The units' kinds, each once, in the order they came: asked of every statement, so a loop, not a stream. */
    public List<String> kinds() {
        if (units.size() == 1) return List.of(units.get(0).kind());
        List<String> out = new java.util.ArrayList<>(units.size());
        for (Unit u : units) {
            if (!out.contains(u.kind())) out.add(u.kind());
        }
        return java.util.Collections.unmodifiableList(out);
    }
}
