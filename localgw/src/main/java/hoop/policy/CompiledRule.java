package hoop.policy;

import hoop.config.Action;
import hoop.config.ConfigException;
import hoop.config.RuleConfig;
import hoop.core.Command;
import hoop.core.Decision;
import hoop.core.Identity;
import hoop.policy.shell.ArgvPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A rule with its patterns compiled once; matches one unit of a classified command. */
final class CompiledRule {
    private final RuleConfig config;
    private final List<ArgvPattern> argv = new ArrayList<>();
    private final List<Pattern> text = new ArrayList<>();
    private final List<Pattern> tables = new ArrayList<>();
    private final List<String> tableGlobs = new ArrayList<>();
    private final List<Pattern> operations = new ArrayList<>();
    private final List<Pattern> resources = new ArrayList<>();
    /** The same globs for ARNs whose names the service treats alike in any case (IAM's). */
    private final List<Pattern> resourcesAnyCase = new ArrayList<>();
    private final List<String> resourceGlobs = new ArrayList<>();
    /** Per resource glob ending in '*': the glob without its trailing stars (what a prefix must begin with to be all covered). */
    private final List<Pattern> resourceHeads = new ArrayList<>();

    CompiledRule(RuleConfig config) {
        this.config = config;
        var m = config.match();
        for (String p : m.argv()) {
            try {
                argv.add(ArgvPattern.compile(p));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(m.location(), m.path() + ".argv", "invalid argv pattern '" + p + "': " + e.getMessage());
            }
        }
        for (String p : m.text()) {
            try {
                text.add(Pattern.compile(p, Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(m.location(), m.path() + ".text", "invalid regex '" + p + "': " + e.getDescription());
            }
        }
        for (String t : m.tables()) {
            tables.add(Globs.toPattern(t.toLowerCase(java.util.Locale.ROOT)));
            tableGlobs.add(t.toLowerCase(java.util.Locale.ROOT));
        }
        // IAM action names are case-insensitive; ARNs are not.
        for (String o : m.operation()) {
            if (!o.matches("[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+")) {
                throw new ConfigException(m.location(), m.path() + ".operation", "operation must look like service:Action (got '" + o + "')");
            }
            operations.add(Pattern.compile(Globs.toPattern(o).pattern(), Pattern.CASE_INSENSITIVE));
        }
        for (String r : m.resource()) {
            resources.add(Globs.toPattern(r));
            resourcesAnyCase.add(Pattern.compile(Globs.toPattern(r).pattern(), Pattern.CASE_INSENSITIVE));
            resourceGlobs.add(r);
            if (r.endsWith("*")) resourceHeads.add(Globs.toPattern(r.replaceAll("\\*+$", "")));
        }
        Set<String> known = Kinds.all();
        for (String k : m.kind()) {
            if (!known.contains(k)) {
                throw new ConfigException(m.location(), m.path() + ".kind", "unknown kind '" + k + "' (expected one of " + known + ")");
            }
        }
    }

    boolean matches(Classification.Unit judged, Command cmd) {
        var m = config.match();
        if (!m.kind().isEmpty() && !m.kind().contains(judged.kind())) return false;
        boolean allow = config.action() == Action.ALLOW;
        // The unknown part of a command run from a file (./gradlew) is judged by that command only by a rule naming kind
        // unknown; a rule that would let it run (allow, flag, review: each is laxer than an unknown: deny) only by the
        // file's path and the words as written, since its text and program name say gradlew wherever the file is. Any
        // other rule sees it as the unknown part with no command it always was.
        boolean fileUnit = Kinds.UNKNOWN.equals(judged.kind()) && judged.argv() != null;
        boolean lets = config.action() != Action.DENY;
        boolean byCommand = !fileUnit || m.kind().contains(Kinds.UNKNOWN) && (!lets || !argv.isEmpty());
        Classification.Unit unit = byCommand ? judged : Classification.Unit.shell(Kinds.UNKNOWN, null);
        // An allow rule matches the arguments as written; the others also where a path may land.
        boolean asWritten = allow || fileUnit && lets;
        if (!argv.isEmpty() && (unit.argv() == null || argv.stream().noneMatch(p -> asWritten
                ? (!fileUnit || p.namesFile(unit.argv())) && p.matchesAsWritten(unit.argv()) : p.matches(unit.argv())))) return false;
        if (!text.isEmpty() && text.stream().noneMatch(p -> findsInTime(p, unit.text()))) return false;
        if (!unit.flags().containsAll(m.flags())) return false;
        if (m.unbounded() != null && unit.flags().contains("unbounded") != m.unbounded()) return false;
        if (!tables.isEmpty() && unit.tables().stream().noneMatch(t -> tableMatches(t))) return false;
        // A call goes by its API name and the IAM action it is authorized as (ListObjectsV2 is s3:ListBucket).
        if (!operations.isEmpty() && (unit.operation() == null || hoop.core.aws.IamNames.of(unit.operation()).stream()
                .noneMatch(n -> operations.stream().anyMatch(p -> p.matcher(n).matches())))) return false;
        if (!resources.isEmpty() && unit.resources().stream().noneMatch(r -> resourceMatches(r, unit))) return false;
        if (!m.users().isEmpty() && !userMatches(m.users(), cmd.session().identity())) return false;
        if (!m.groups().isEmpty() && cmd.session().identity().groups().stream().noneMatch(m.groups()::contains)) return false;
        return true;
    }

    /** For a prefix unit: whether some resource beginning with r matches. */
    private boolean resourceMatches(String r, Classification.Unit unit) {
        boolean anyCase = hoop.core.aws.AwsResources.caseInsensitive(r);
        if (unit.flags().contains(Classification.Unit.KEY_PREFIX)) {
            boolean noColon = !hoop.core.aws.AwsResources.restMayHoldColon(r);
            return resourceGlobs.stream().anyMatch(g -> Globs.matchesSomeExtension(g, r, anyCase, noColon));
        }
        int name = hoop.core.aws.AwsResources.pathUnknownAt(r);
        if (name >= 0 && config.action() != Action.ALLOW) {
            // Named without the path it lives under (role/service-role/NAME): a rule that is not an allow and names
            // a path (role/aws-reserved/...) matches if the name could be under it; one naming no path (user/admin*)
            // means the name, as the README asks rules on IAM names to be written; an allow rule, the ARN as written.
            for (int i = 0; i < resourceGlobs.size(); i++) {
                String g = resourceGlobs.get(i);
                if (namesPath(g) ? Globs.matchesUnderSomePath(g, r.substring(0, name), r.substring(name), anyCase)
                        : resourcesAnyCase.get(i).matcher(r).matches()) return true;
            }
            return false;
        }
        return (anyCase ? resourcesAnyCase : resources).stream().anyMatch(p -> p.matcher(r).matches());
    }

    /** Whether an IAM resource glob names a path: its last field ("role/aws-reserved/x/*") holds a second '/'. */
    private static boolean namesPath(String glob) {
        String last = glob.substring(glob.lastIndexOf(':') + 1);
        return last.indexOf('/') >= 0 && last.indexOf('/', last.indexOf('/') + 1) >= 0;
    }

    /**
     * Whether this rule, matching a prefix unit, matches every resource the prefix stands for: some resource glob
     * is HEAD* with HEAD matching the beginning of the prefix. A rule that covers only part of the keys leaves the
     * rest to the policy's default.
     */
    boolean coversAll(Classification.Unit unit) {
        for (String t : unit.tables()) {
            String every = everyTableOf(t);
            if (every != null && !tables.isEmpty() && tableGlobs.stream().noneMatch(g -> covers(g, every))) return false;
        }
        if (resources.isEmpty() || !unit.flags().contains(Classification.Unit.KEY_PREFIX)) return true;
        return unit.resources().stream().anyMatch(r -> resourceHeads.stream().anyMatch(h -> h.matcher(r).lookingAt()));
    }

    /**
     * A statement acting on every table of a schema (DROP SCHEMA s CASCADE) names "s.*", on every table "*": what a
     * table name of it begins with ("s.", ""), or null for a table of its own.
     */
    private static String everyTableOf(String table) {
        String t = table.toLowerCase(java.util.Locale.ROOT);
        return t.equals("*") ? "" : t.endsWith(".*") ? t.substring(0, t.length() - 1) : null;
    }

    /** Whether the glob matches every name beginning with {@code head}: it ends in '*' after what reads all of head. */
    private static boolean covers(String glob, String head) {
        return glob.endsWith("*") && Globs.toPattern(glob.replaceAll("\\*+$", "")).matcher(head).lookingAt();
    }

    /** A pattern without a schema also matches the schema-qualified name ("users" matches "public.users"). */
    private boolean tableMatches(String table) {
        if (table.startsWith("*.")) {
            // The name in a schema hoop cannot tell (after code it did not see set the search_path): a rule on a schema's
            // tables meets it where its table part may match; an allow rule only as the bare name matches, as for any name.
            String bare = table.substring(2).toLowerCase(java.util.Locale.ROOT);
            return tables.stream().anyMatch(p -> p.matcher(bare).matches()) || config.action() != Action.ALLOW && tableGlobs.stream()
                    .anyMatch(g -> g.indexOf('.') >= 0 && Globs.toPattern(g.substring(g.lastIndexOf('.') + 1)).matcher(bare).matches());
        }
        String every = everyTableOf(table);
        if (every != null) {
            // Some table of it may match: any name without a schema (it may be in that one), or one of that schema.
            return tableGlobs.stream().anyMatch(g -> every.isEmpty() || g.indexOf('.') < 0 || Globs.matchesSomeExtension(g, every, false, false));
        }
        String t = table.toLowerCase(java.util.Locale.ROOT);
        String bare = t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
        return tables.stream().anyMatch(p -> p.matcher(t).matches() || p.matcher(bare).matches());
    }

    private static boolean userMatches(List<String> users, Identity id) {
        return users.contains(id.subject()) || (id.email() != null && users.contains(id.email()));
    }

    Decision decision() {
        Decision d = PolicyEngine.toDecision(config.action(), config.name(), config.message(), config.timeout(), config.onTimeout());
        if (d instanceof Decision.Review r) {
            return new Decision.Review(r.rule(), r.message(), r.timeout(), r.onTimeout(), config.approvers(),
                    config.minApprovals(), config.window());
        }
        return d;
    }

    Action action() {
        return config.action();
    }

    /** The operator's regex, stopped when it backtracks past its budget: the command then cannot be judged. */
    private boolean findsInTime(Pattern p, String text) {
        try {
            return p.matcher(hoop.core.TimedText.of(text)).find();
        } catch (hoop.core.TimedText.Expired e) {
            throw new RuleTimeout("rule '" + config.name() + "': its text regex ran past "
                    + hoop.core.TimedText.BUDGET_NANOS / 1_000_000 + " ms on this command, as a pattern that backtracks without end does");
        }
    }
}
