package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a command of the line writes, for {@link WrittenCode}: redirections, tee, dd of=, the destinations of cp,
 * mv, install, ln, rsync and scp, sed/perl -i, downloads, the output options of sort, shuf, iconv, openssl and gpg,
 * uniq's and xxd's output operand, awk's print redirections; and the directory an archive or a patch is unpacked into
 * when the line itself wrote it or hands it on standard input.
 */
final class FileWriters {
    private FileWriters() {
    }

    static String land(String word, String dir) {
        return PathNormalizer.landing(word, dir);
    }

    /** awk's print > "file", print >> "file" (a target not written as a string is named at run time). */
    private static final Pattern AWK_OUTPUT = Pattern.compile("\\bprintf?\\b[^;}\\n]*?>>?\\s*(?:\"([^\"]*)\"|([^\\s;}]+))");
    /** Programs that unpack files or apply a patch into their directory (or the one -C / -d names). */
    private static final Set<String> UNPACKERS = Set.of("tar", "bsdtar", "unzip", "cpio", "7z", "7za", "7zr", "ar",
            "patch", "git", "unrar", "busybox");

    /**
     * The directory (ending in "/") an archive or patch is unpacked into, when the line wrote it or gives it on standard
     * input (a pipe, a here-document, printf | tar x): what it puts there was visible to nobody. Null otherwise.
     */
    static String extracted(SimpleCommand c, Set<String> written) {
        if (!UNPACKERS.contains(c.program())) {
            return null;
        }
        List<String> args = c.guessedArgs() != null ? c.guessedArgs() : c.args();
        String into = c.dir();
        String archive = null;
        boolean extracts;
        switch (c.program()) {
            case "tar", "bsdtar" -> {
                boolean x = false;
                for (int k = 0; k < args.size(); k++) {
                    String a = args.get(k);
                    if (a.equals("-C") || a.equals("--directory")) {
                        into = k + 1 < args.size() ? land(args.get(++k), c.dir()) : into;
                    } else if (a.startsWith("--directory=")) {
                        into = land(a.substring(12), c.dir());
                    } else if (a.equals("-x") || a.equals("--extract") || a.equals("--get")
                            || (k == 0 || a.startsWith("-")) && !a.startsWith("--") && a.matches("-?[A-Za-z]*x[A-Za-z]*")) {
                        x = true;
                        int f = a.indexOf('f');
                        if (f >= 0 && k + 1 < args.size() && f == a.length() - 1) {
                            archive = args.get(k + 1);
                        }
                    } else if (a.equals("-f") || a.equals("--file")) {
                        archive = k + 1 < args.size() ? args.get(k + 1) : null;
                    } else if (a.startsWith("--file=")) {
                        archive = a.substring(7);
                    } else if (a.matches("-[A-Za-z]*f") && k + 1 < args.size()) {
                        archive = args.get(k + 1);
                    }
                }
                extracts = x;
            }
            case "unzip", "7z", "7za", "7zr", "unrar" -> {
                List<String> ops = args.stream().filter(a -> !a.startsWith("-")).toList();
                extracts = !c.program().startsWith("7") && !c.program().equals("unrar")
                        || !ops.isEmpty() && (ops.get(0).equals("x") || ops.get(0).equals("e"));
                int at = c.program().equals("unzip") ? 0 : 1;
                archive = ops.size() > at ? ops.get(at) : null;
                int d = args.indexOf("-d");
                if (d >= 0 && d + 1 < args.size()) {
                    into = land(args.get(d + 1), c.dir());
                }
            }
            case "cpio" -> {
                extracts = args.stream().anyMatch(a -> a.matches("-[A-Za-z]*i[A-Za-z]*|--extract"));
                archive = "-";
            }
            case "ar" -> {
                extracts = !args.isEmpty() && args.get(0).matches("-?[a-zA-Z]*x[a-zA-Z]*");
                archive = args.size() > 1 ? args.get(1) : null;
            }
            case "patch" -> {
                extracts = true;
                int i = args.indexOf("-i");
                List<String> ops = args.stream().filter(a -> !a.startsWith("-")).toList();
                archive = i >= 0 && i + 1 < args.size() ? args.get(i + 1) : ops.size() > 1 ? ops.get(1) : "-";
            }
            case "git" -> {
                List<String> ops = args.stream().filter(a -> !a.startsWith("-")).toList();
                extracts = !ops.isEmpty() && (ops.get(0).equals("apply") || ops.get(0).equals("am"));
                archive = ops.size() > 1 ? ops.get(1) : "-";
            }
            default -> extracts = false;
        }
        if (!extracts) {
            return null;
        }
        boolean fromLine = archive == null || archive.equals("-") || archive.startsWith("/dev/stdin")
                || written.contains(null) || written.contains(land(archive, c.dir()));
        return fromLine ? (into == null ? "./" : into + "/") : null;
    }

    /** tar's -f FILE, --file=FILE, or the word after a cluster ending in f; "-" (standard output) when none. */
    static String archiveOf(List<String> args) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.startsWith("--file=")) {
                return a.substring(7);
            }
            if ((a.equals("--file") || !a.startsWith("--") && a.matches("-?[A-Za-z]*f")) && k + 1 < args.size()
                    && (k == 0 || a.startsWith("-"))) {
                return args.get(k + 1);
            }
            if (!a.startsWith("--") && a.matches("-[A-Za-z]*f.+")) {
                return a.substring(a.indexOf('f') + 1);  // "-cf-", "-f/dev/null": the rest of the word is the value
            }
        }
        return "/dev/stdout";
    }

    private static void optionValue(List<String> args, Set<String> names, List<String> out) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (names.contains(a) && k + 1 < args.size()) {
                out.add(args.get(k + 1));
            } else if (a.startsWith("--") && a.contains("=") && names.contains(a.substring(0, a.indexOf('=')))) {
                out.add(a.substring(a.indexOf('=') + 1));
            } else if (a.length() > 2 && names.contains(a.substring(0, 2)) && !a.startsWith("--")) {
                out.add(a.substring(2));
            }
        }
    }

    private static void second(List<String> operands, List<String> out) {
        if (operands.size() > 1 && !operands.get(1).equals("-")) {
            out.add(operands.get(1));
        }
    }

    private static void awkOutputs(List<String> args, List<String> out) {
        for (String a : args) {
            Matcher m = AWK_OUTPUT.matcher(a);
            while (m.find()) {
                out.add(m.group(1) != null ? m.group(1) : null);
            }
        }
    }

    /** The files a command writes (absolute when its directory is known); null for one named at run time. */
    static List<String> written(SimpleCommand c) {
        List<String> args = c.guessedArgs() != null ? c.guessedArgs() : c.args();
        List<String> out = new ArrayList<>();
        switch (c.program()) {
            case ">" -> out.add(args.isEmpty() ? null : args.get(0));
            case "tee" -> args.stream().filter(a -> !a.startsWith("-")).forEach(out::add);
            case "dd" -> args.stream().filter(a -> a.startsWith("of=")).forEach(a -> out.add(a.substring(3)));
            case "sed", "gsed", "perl" -> {
                if (args.stream().anyMatch(a -> a.matches("-[a-zA-Z]*i.*|--in-place.*"))) {
                    operands(args, c.program().equals("perl") ? 0 : 1).forEach(out::add);
                }
            }
            case "cp", "mv", "install", "ln", "rsync", "scp" -> out.addAll(destinations(args));
            case "curl", "wget" -> downloads(c.program(), args, out);
            case "sort", "shuf", "iconv" -> optionValue(args, Set.of("-o", "--output"), out);
            case "openssl" -> optionValue(args, Set.of("-out"), out);
            case "gpg", "gpg2" -> optionValue(args, Set.of("-o", "--output"), out);
            case "uniq", "xxd" -> second(args.stream().filter(a -> a.equals("-") || !a.startsWith("-")).toList(), out);
            case "awk", "gawk", "mawk", "nawk" -> awkOutputs(args, out);
            case "tar", "bsdtar" -> {
                // an archive tar makes (c, r, u, A): its name follows f
                String mode = args.isEmpty() ? "" : args.get(0);
                if (args.stream().anyMatch(a -> a.matches("-?[A-Za-z]*[cruA][A-Za-z]*") && !a.startsWith("--")
                        || a.matches("--(create|append|update|concatenate)")) && !mode.matches("-?[A-Za-z]*[xt][A-Za-z]*")) {
                    out.add(archiveOf(args));
                }
            }
            case "zip" -> args.stream().filter(a -> !a.startsWith("-")).findFirst().ifPresent(out::add);
            default -> {
                return List.of();
            }
        }
        List<String> landed = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) {
            String p = out.get(k);
            boolean runTime = c.runTimeArgs() != null && !c.runTimeArgs().isEmpty();
            if (p == null || p.isEmpty() || runTime || p.contains("$") || p.contains("`")) {
                landed.add(null);
            } else if (!DataLoss.device(p) && !p.startsWith("/dev/")) {
                landed.add(land(p, c.dir()));
            }
        }
        return landed;
    }

    /**
     * curl -o FILE (also at the end of a cluster: -so FILE), -O (the URL's last part), wget -O FILE or, without it, the
     * URL's last part; --output-dir / -P put them elsewhere.
     */
    private static void downloads(String program, List<String> args, List<String> out) {
        boolean curl = program.equals("curl");
        String named = curl ? "o" : "O";
        boolean remoteName = !curl;
        String prefix = null;
        List<String> urls = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            String next = k + 1 < args.size() ? args.get(k + 1) : null;
            if (a.startsWith("--")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : next;
                if (name.equals(curl ? "--output" : "--output-document")) {
                    files.add(value);
                    remoteName = false;
                } else if (name.startsWith("--remote-name") && curl) {
                    remoteName = true;
                } else if (name.equals(curl ? "--output-dir" : "--directory-prefix")) {
                    prefix = value;
                }
                if (!a.contains("=") && (name.equals("--output") || name.equals("--output-document")
                        || name.equals("--output-dir") || name.equals("--directory-prefix"))) {
                    k++;
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                int at = a.indexOf(named);
                if (at > 0) {
                    // the rest of the cluster, or the next word, is the file
                    files.add(at + 1 < a.length() ? a.substring(at + 1) : next);
                    remoteName = false;
                    k += at + 1 < a.length() ? 0 : 1;
                } else if (curl && a.indexOf('O') > 0) {
                    remoteName = true;
                } else if (!curl && a.indexOf('P') > 0) {
                    prefix = a.indexOf('P') + 1 < a.length() ? a.substring(a.indexOf('P') + 1) : next;
                }
            } else if (a.contains("://")) {
                urls.add(a);
            }
        }
        if (remoteName) {
            for (String u : urls) {
                String path = u.replaceAll("[?#].*", "");
                files.add(CommandResolver.basename(path.endsWith("/") ? "index.html" : path));
            }
        }
        for (String f : files) {
            out.add(f == null || prefix == null || f.startsWith("/") || !curl && !remoteName ? f : prefix + "/" + f);
        }
    }

    /** Operands after the first {@code skip} (sed's script); no -e/-f given is assumed only when skip is 1. */
    private static List<String> operands(List<String> args, int skip) {
        List<String> ops = new ArrayList<>();
        boolean scriptByOption = args.stream().anyMatch(a -> a.equals("-e") || a.equals("-f") || a.startsWith("--expr")
                || a.startsWith("--file"));
        int toSkip = scriptByOption ? 0 : skip;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.equals("-e") || a.equals("-f") || a.equals("-l")) {
                k++;
            } else if (!a.startsWith("-")) {
                if (toSkip > 0) {
                    toSkip--;
                } else {
                    ops.add(a);
                }
            }
        }
        return ops;
    }

    /** The last operand and any -t/--target-directory value (cp, mv, install, ln, rsync). */
    private static List<String> destinations(List<String> args) {
        List<String> out = new ArrayList<>();
        String last = null;
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k);
            if ((v.equals("-t") || v.equals("--target-directory")) && k + 1 < args.size()) {
                out.add(args.get(++k));
            } else if (v.startsWith("--target-directory=")) {
                out.add(v.substring(v.indexOf('=') + 1));
            } else if (v.equals("-m") || v.equals("--mode") || v.equals("-o") || v.equals("-g") || v.equals("-S")) {
                k++;
            } else if (!v.startsWith("-")) {
                last = v;
            }
        }
        if (last != null) {
            out.add(last);
        }
        return out;
    }
}
