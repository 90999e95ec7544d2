package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A policy pattern such as {@code rm -rf *} or {@code * /etc/shadow*}.
 *
 * <p>The first token globs the program name. Option tokens are required options, matched
 * regardless of order, clustering or alias spelling. The remaining tokens form one glob
 * over the command's positional arguments joined by spaces; a trailing {@code " *"} may
 * also match nothing. Path arguments are matched both as written and lexically normalised.
 * Patterns without option tokens are additionally matched against the whole command line.
 */
public final class ArgvPattern {
    private final String source;
    private final String programGlob;
    private final Set<String> requiredOptions;
    private final String positionalGlob;
    private final String wholeGlob;
    /** The program as a path ("./gradlew", "/srv/app/deploy.sh"), lexically normalised; null for a bare name. */
    private final String programPath;

    private ArgvPattern(String source, String programGlob, Set<String> requiredOptions, String positionalGlob,
                        String wholeGlob, String programPath) {
        this.source = source;
        this.programPath = programPath;
        this.programGlob = programGlob;
        this.requiredOptions = requiredOptions;
        this.positionalGlob = positionalGlob;
        this.wholeGlob = wholeGlob;
        for (String o : requiredOptions) {
            if (o.startsWith("--")) longOptions.add(o.contains("=") ? o.substring(0, o.indexOf('=')) : o);
        }
        String[] words = positionalGlob.split(" ");
        for (String w : words) {
            int end = 0;
            while (end < w.length() && "*?[\\=".indexOf(w.charAt(end)) < 0) {
                end++;
            }
            if (w.startsWith("--") && end > 3) {
                longOptions.add(w.substring(0, end));
            }
            int meta = 0;
            while (meta < w.length() && "*?[\\".indexOf(w.charAt(meta)) < 0) {
                meta++;
            }
            String lead = w.substring(0, meta);
            if (lead.startsWith("/") && lead.length() > 1) {
                pathPrefixes.add(PathNormalizer.normalize(lead));
                if (w.indexOf('/', meta) > 0 && w.indexOf('[') < 0 && w.indexOf('\\') < 0) {
                    // "/home/*/.ssh/id_*": "grep -r x /home" walks into a path of it, which its lead alone is not
                    pathPrefixes.add(PathNormalizer.normalize(w.replace('*', 'x').replace('?', 'x')));
                }
            }
            if (lead.startsWith("/") && lead.length() > 1 || lead.startsWith("~/")) {
                pathWords.add(w);
            }
            if (lead.startsWith("~/")) {
                // "tar cf - ~" and "tar cf - /" read ~/.ssh too; where ~ is depends on whom the command runs as
                pathPrefixes.add(PathNormalizer.normalize(lead));
            }
        }
    }

    public static ArgvPattern compile(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("argv pattern is empty");
        }
        String[] tokens = pattern.trim().split("\\s+");
        for (String t : tokens) {
            Glob.validate(t);
        }
        String program = tokens[0];
        String path = null;
        if (program.indexOf('/') >= 0) {
            path = PathNormalizer.normalize(program);
            // commands are reported by basename, so a path here could never match as written
            program = CommandResolver.basename(program);
            if (program.isEmpty()) {
                throw new IllegalArgumentException("argv pattern '" + pattern + "' has no program name");
            }
        }
        List<String> options = new ArrayList<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            boolean option = t.startsWith("-") && !t.equals("-") && !t.equals("--") && !Glob.hasMeta(t);
            (option ? options : positionals).add(t);
        }
        String aliasProgram = Glob.hasMeta(program) ? "" : Glob.unescape(program);
        Set<String> required = OptionAliases.parse(aliasProgram, options).options();
        String whole = options.isEmpty() ? program + (positionals.isEmpty() ? "" : " " + String.join(" ", positionals))
                : null;
        return new ArgvPattern(pattern, program, required, String.join(" ", positionals), whole, path);
    }

    /**
     * Whether the pattern names, by its path, the file a command runs as its program ({@link SimpleCommand#file()}):
     * a relative path is read from the directory the script started in. A bare name ("gradlew *") names no file,
     * since a file of that name may lie anywhere.
     */
    public boolean namesFile(SimpleCommand cmd) {
        SimpleCommand.ProgramFile f = cmd == null ? null : cmd.file();
        if (programPath == null || f == null) {
            return false;
        }
        if (programPath.startsWith("/")) {
            return Glob.matches(programPath, f.path());
        }
        return f.origin() != null && Glob.matches(PathNormalizer.normalize(Glob.escape(f.origin()) + "/" + programPath), f.path());
    }

    /** For deny, review and flag rules: also where a path argument may land (see {@link PathNormalizer#landing}). */
    public boolean matches(SimpleCommand cmd) {
        return matches(cmd, true);
    }

    /**
     * For allow rules: only the arguments as written and lexically normalised. A guess at where a
     * path may land must never make an allow rule match a command it otherwise would not.
     */
    public boolean matchesAsWritten(SimpleCommand cmd) {
        return matches(cmd, false);
    }

    /** The long options the pattern names ("--hard" of "git reset --hard*"), to read their abbreviations as them. */
    private final Set<String> longOptions = new java.util.HashSet<>();

    private boolean matches(SimpleCommand cmd, boolean mayLand) {
        if (matchesHere(cmd, mayLand)) {
            return true;
        }
        if (mayLand && cmd != null) {
            List<String> spelledOut = spelledOut(cmd.args());
            if (!spelledOut.equals(cmd.args()) && matchesHere(cmd.withArgs(spelledOut), true)) {
                return true;
            }
        }
        return mayLand && cmd != null && Glob.matches(programGlob, cmd.program())
                && (matchesBelow(cmd) || PartlyComputed.matches(this, cmd, pathWords));
    }

    /** The pattern's words that are paths ("/etc/shadow*", "~/.ssh/id_*"), as written. */
    private final List<String> pathWords = new ArrayList<>();

    /** matchesHere for deny, review and flag rules, for {@link PartlyComputed}'s witnesses. */
    boolean matchesLanded(SimpleCommand cmd) {
        return matchesHere(cmd, true);
    }

    private static final Set<String> RECURSIVE_PROGRAMS = Set.of("tar", "bsdtar", "find", "rg", "ag", "rsync", "du", "zip");

    /**
     * A command that walks a directory (grep -r, cp -r/-a, tar, find, rg, rsync) reads or acts on every path under it:
     * "grep -r root /etc", "cp -r /etc /tmp/e" and "tar cf - /etc" read /etc/shadow. It is also judged as if it named
     * each path of the rule (its glob's leading literal part) lying under one of its directory arguments.
     */
    private boolean matchesBelow(SimpleCommand cmd) {
        if (pathPrefixes.isEmpty()) {
            return false;
        }
        Set<String> options = OptionAliases.parse(cmd.program(), cmd.args()).options();
        if (!RECURSIVE_PROGRAMS.contains(cmd.program()) && !options.contains("-r") && !options.contains("-R")
                && !options.contains("--recursive") && !options.contains("-a")) {
            return false;
        }
        for (int k = 0; k < cmd.args().size(); k++) {
            String d = PathNormalizer.landing(cmd.args().get(k), cmd.dir(), cmd.home());
            if (!d.startsWith("/") && !d.equals("~") && !d.startsWith("~/")) {
                continue;
            }
            String under = d.endsWith("/") ? d : d + "/";
            List<String> prefixes = new ArrayList<>(pathPrefixes);
            for (String p : pathPrefixes) {
                String home = PathNormalizer.underHome(p, cmd.home());
                if (home != null) prefixes.add(home);
            }
            for (String p : prefixes) {
                if (p.startsWith(under) && p.length() > under.length()) {
                    List<String> args = new ArrayList<>(cmd.args());
                    args.set(k, p);
                    if (matchesHere(cmd.withArgs(args), true)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The arguments with each abbreviation of one of the pattern's long options spelled out: git and getopt_long take an
     * unambiguous prefix as the option ("git reset --har" is --hard). Where the program would find the prefix ambiguous
     * it refuses to run, so reading it as the pattern's option costs nothing; only rules that deny or hold read it so.
     */
    private List<String> spelledOut(List<String> args) {
        if (longOptions.isEmpty()) {
            return args;
        }
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            List<String> full = !name.startsWith("--") || name.length() < 3 ? List.of()
                    : longOptions.stream().filter(o -> o.length() > name.length() && o.startsWith(name)).toList();
            out.add(full.size() == 1 ? full.get(0) + (eq < 0 ? "" : a.substring(eq)) : a);
            if (a.equals("--")) {
                out.addAll(args.subList(out.size(), args.size()));
                break;
            }
        }
        return out;
    }

    /** Leading literal parts of the pattern's absolute path words ("/etc/shadow" of "/etc/shadow*"). */
    private final List<String> pathPrefixes = new ArrayList<>();

    private boolean matchesHere(SimpleCommand cmd, boolean mayLand) {
        if (cmd == null || !Glob.matches(programGlob, cmd.program())) {
            return false;
        }
        if (mayLand && cmd.guessedArgs() != null
                && matches(cmd.withArgs(cmd.guessedArgs()), true)) {
            return true;
        }
        if (mayLand && cmd.readings() != null && cmd.readings().stream()
                .anyMatch(r -> matches(cmd.withArgs(r), true))) {
            return true;
        }
        // A rule naming its program (rm -rf *, git push*, kubectl delete*) meets a call of it whose arguments are
        // computed at run time if some value could make it match: "rm $(echo -rf) x", "git $(echo push)". A rule on
        // any program ("* /etc/shadow*") reads them as written, or every "echo $(date)" would meet it.
        if (mayLand && cmd.runTimeArgs() != null && !Glob.hasMeta(programGlob) && someValueMatches(cmd)) {
            return true;
        }
        OptionAliases.Parsed parsed = OptionAliases.parse(cmd.program(), cmd.args());
        if (!parsed.options().containsAll(requiredOptions)) {
            return false;
        }
        if (matchesJoined(positionalGlob, parsed.positionals(), mayLand, cmd, 0)) {
            return true;
        }
        if (mayLand && withoutOptionValues(parsed).stream().anyMatch(p -> matchesJoined(positionalGlob, p, true,
                cmd, 0))) {
            return true;
        }
        if (wholeGlob == null) {
            return false;
        }
        List<String> all = new ArrayList<>();
        all.add(cmd.program());
        all.addAll(cmd.args());
        return matchesJoined(wholeGlob, all, mayLand, cmd, 1);
    }

    /**
     * Whether values of the run-time arguments could make the command match: they may supply any missing option, and
     * the words before the first of them must begin some text the positional glob matches.
     */
    private boolean someValueMatches(SimpleCommand cmd) {
        List<String> args = new ArrayList<>(cmd.args());
        List<Integer> holes = cmd.runTimeArgs();
        for (int k = holes.size() - 1; k >= 0; k--) {
            int at = holes.get(k);
            if (at >= args.size()) {
                args.add(HOLE);
            } else {
                args.set(at, HOLE);
            }
        }
        OptionAliases.Parsed parsed = OptionAliases.parse(cmd.program(), args);
        List<String> before = new ArrayList<>();
        for (String p : parsed.positionals()) {
            if (p.equals(HOLE)) {
                break;
            }
            before.add(p);
        }
        String prefix = before.isEmpty() ? "" : String.join(" ", before) + " ";
        if (mayBegin(positionalGlob, prefix)) {
            return true;
        }
        if (wholeGlob == null) {
            return false;
        }
        List<String> all = new ArrayList<>();
        all.add(cmd.program());
        for (String a : args) {
            if (a.equals(HOLE)) {
                break;
            }
            all.add(a);
        }
        return mayBegin(wholeGlob, String.join(" ", all) + " ");
    }

    /**
     * The positionals with some of those written after an option left out, each combination (all at once past 6 of
     * them). A CLI's own options before its subcommand take values ("kubectl -n prod delete", "docker -H host rm",
     * "helm --kube-context c uninstall"), so a rule that denies "kubectl delete*" would otherwise take the value for
     * the subcommand and miss it; hoop does not know every program's options, so both readings are tried.
     */
    private static List<List<String>> withoutOptionValues(OptionAliases.Parsed parsed) {
        List<Integer> optional = new ArrayList<>(parsed.afterOption());
        int all = (1 << Math.min(optional.size(), 6)) - 1;
        List<List<String>> out = new ArrayList<>();
        for (int m = optional.size() > 6 ? all : 1; m <= all; m++) {
            Set<Integer> drop = new java.util.HashSet<>();
            for (int b = 0; b < optional.size(); b++) {
                if (optional.size() > 6 || (m & 1 << b) != 0) {
                    drop.add(optional.get(b));
                }
            }
            List<String> kept = new ArrayList<>();
            for (int k = 0; k < parsed.positionals().size(); k++) {
                if (!drop.contains(k)) {
                    kept.add(parsed.positionals().get(k));
                }
            }
            out.add(kept);
        }
        return out;
    }

    /** Stands for a run-time argument; NUL never occurs in an argument. */
    private static final String HOLE = "\0run-time";

    /** Whether some text the glob matches begins with prefix: a leading part of the glob matches it. */
    private static boolean mayBegin(String glob, String prefix) {
        int i = 0;
        while (true) {
            if (Glob.matches(glob.substring(0, i), prefix) || prefix.endsWith(" ") && Glob.matches(glob.substring(0, i),
                    prefix.substring(0, prefix.length() - 1))) {
                return true;
            }
            if (i >= glob.length()) {
                return false;
            }
            char c = glob.charAt(i);
            int end = c == '[' ? Glob.bracketEnd(glob, i) : -1;
            i = c == '\\' && i + 1 < glob.length() ? i + 2 : end > 0 ? end + 1 : i + 1;
        }
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    /** @param cmd where the words run (its dir) and whose home ~ is; fixed: leading words (the program name) that are not paths */
    private static boolean matchesJoined(String glob, List<String> words, boolean mayLand, SimpleCommand cmd, int fixed) {
        String dir = cmd.dir();
        String raw = String.join(" ", words);
        String normalized = String.join(" ", words.stream().map(PathNormalizer::normalize).toList());
        if (matchesLoosely(glob, raw) || !normalized.equals(raw) && matchesLoosely(glob, normalized)) {
            return true;
        }
        if (!mayLand) {
            return false;
        }
        List<String> landed = new ArrayList<>(words.subList(0, fixed));
        for (String w : words.subList(fixed, words.size())) {
            landed.add(PathNormalizer.landing(w, dir, cmd.home()));
        }
        String landing = String.join(" ", landed);
        if (!landing.equals(normalized) && matchesLoosely(glob, landing)) {
            return true;
        }
        // A path in the home directory is the path from ~ that a rule names ("/root/.ssh/id_rsa", "cd; cat .ssh/id_rsa")
        String homed = String.join(" ", landed.stream().map(w -> {
            String h = PathNormalizer.fromHome(w, cmd.home());
            return h == null ? w : h;
        }).toList());
        return !homed.equals(landing) && matchesLoosely(glob, homed);
    }

    /**
     * A word of the pattern that is a lone '*' stands for any words, none too: "dd * of=/dev/*" meets "dd of=/dev/sda"
     * as "rm -rf *" meets "rm -rf" (a glob's '*' alone would still need the space before the next word).
     */
    private static boolean matchesLoosely(String glob, String text) {
        if (Glob.matches(glob, text)) {
            return true;
        }
        String[] words = glob.split(" ", -1);
        List<Integer> stars = new ArrayList<>();
        for (int k = 0; k < words.length; k++) {
            if (words[k].equals("*")) {
                stars.add(k);
            }
        }
        int n = Math.min(stars.size(), 4);
        for (int mask = 1; mask < 1 << n; mask++) {
            StringBuilder fewer = new StringBuilder();
            for (int k = 0; k < words.length; k++) {
                int at = stars.indexOf(k);
                if (at >= 0 && at < n && (mask & 1 << at) != 0) {
                    continue;
                }
                fewer.append(fewer.isEmpty() ? "" : " ").append(words[k]);
            }
            if (Glob.matches(fewer.toString(), text)) {
                return true;
            }
        }
        return false;
    }
}
