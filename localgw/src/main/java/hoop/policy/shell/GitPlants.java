package hoop.policy.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An archive or patch unpacked where git reads its configuration: the members are in no word of the line, so a tar
 * holding .git/config (core.fsmonitor, core.pager, an alias) or .git/hooks/... made the next git command run what it
 * named, as writing those files by name would (GitFiles). Before the command runs, the archive's members are read
 * where it runs (the gateway host): a literal tar, zip or patch file on disk, not written by the same line. A member
 * that lands in a git directory (a ".git" or "NAME.git" component after --strip-components; a config or hooks/ member
 * in a directory that is a git directory) makes the line unknown. When the members cannot be read (standard input, a
 * computed or just-written archive, a transform, another compression or archiver) the extraction is unknown if it
 * lands in a git work tree or git directory on disk, in one the line makes (git init/clone), or somewhere computed;
 * elsewhere ("tar xf a.tar -C /tmp/x" outside any repository, members read) it stays as it was judged.
 * git apply and git am are not judged here: git refuses any path with a .git component itself.
 */
final class GitPlants {
    private GitPlants() {
    }

    /** The hooks git runs (githooks(5)): a top-level member so named may land in a hooks directory. */
    private static final Set<String> HOOKS = Set.of("applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit",
            "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "post-checkout", "post-merge",
            "pre-push", "pre-receive", "update", "proc-receive", "post-receive", "post-update", "reference-transaction",
            "push-to-checkout", "pre-auto-gc", "post-rewrite", "sendemail-validate", "fsmonitor-watchman", "p4-changelist",
            "p4-prepare-changelist", "p4-post-changelist", "p4-pre-submit", "post-index-change", "config", "HEAD");

    /** What an unpacking command reads and where it writes. */
    private record Unpack(String archive, String into, int strip, boolean transformed, String kind, boolean toStdout) {
        Unpack(String archive, String into, int strip, boolean transformed, String kind) {
            this(archive, into, strip, transformed, kind, false);
        }
    }

    static void judge(List<SimpleCommand> commands, Map<Integer, int[]> owners, Analysis an) {
        Set<String> written = new java.util.HashSet<>();
        for (SimpleCommand c : commands) {
            if (!c.program().equals("<")) {
                written.addAll(FileWriters.written(c));
            }
        }
        for (int k = 0; k < commands.size(); k++) {
            SimpleCommand c = commands.get(k);
            if (an.remoteCommands.contains(k)) {
                continue;  // ssh h tar x: another host's disk, which hoop does not see either way
            }
            List<String> args = new ArrayList<>(c.guessedArgs() != null ? c.guessedArgs() : c.args());
            String program = c.program();
            if (program.equals("busybox") && !args.isEmpty()) {
                program = args.remove(0);
            }
            Unpack u = switch (program) {
                case "tar", "bsdtar", "gtar" -> tar(args, c.dir());
                case "unzip" -> unzip(args, c.dir());
                case "7z", "7za", "7zr" -> sevenZip(args, c.dir());
                case "cpio" -> args.stream().anyMatch(a -> a.matches("-[A-Za-z]*i[A-Za-z]*|--extract"))
                        ? new Unpack("-", c.dir(), 0, false, "cpio") : null;
                case "unrar" -> !args.isEmpty() && args.get(0).matches("x|e") ? new Unpack(null, c.dir(), 0, false, "rar") : null;
                case "ar" -> !args.isEmpty() && args.get(0).matches("-?[a-zA-Z]*x[a-zA-Z]*")
                        ? new Unpack(null, c.dir(), 0, false, "ar") : null;
                case "patch" -> patch(args, c.dir());
                case "cp", "mv", "rsync" -> {
                    treeCopy(program, args, c.dir(), an);
                    yield null;
                }
                default -> null;
            };
            if (u == null) {
                continue;
            }
            String archive = u.archive();
            if ("-".equals(archive)) {
                archive = stdin(commands, owners, k);
            }
            String landed = archive == null || computed(archive) ? null : PathNormalizer.landing(archive, c.dir());
            List<String> members = null;
            if (landed != null && landed.startsWith("/") && !written.contains(landed) && !written.contains(null)
                    && !u.transformed() && Files.isRegularFile(Path.of(landed))) {
                Path file = Path.of(landed);
                members = switch (u.kind()) {
                    case "tar" -> ArchiveMembers.tar(file);
                    case "zip" -> ArchiveMembers.zip(file);
                    case "patch" -> ArchiveMembers.patch(file);
                    default -> null;
                };
            }
            if (landed != null && landed.startsWith("/") && !written.contains(landed) && !written.contains(null)
                    && !Files.exists(Path.of(landed)) || u.toStdout()) {
                continue;  // no such archive and the line makes none: it fails unpacking nothing; -O writes no file
            }
            String into = u.into() == null || computed(u.into()) || !u.into().startsWith("/") ? null : u.into();
            if (members != null) {
                String plant = plant(members, u.strip(), into, u.kind().equals("patch"), an);
                if (plant != null) {
                    an.unknown(c.program() + " unpacks " + plant + " from " + archive + ", git configuration or hooks, which"
                            + " make git run commands later");
                }
            } else if (into == null || (u.kind().equals("ar") ? inGitDir(into) : gitPlace(into, an))) {
                // ar members have no directories: only one unpacked inside a git directory writes its config
                an.unknown(c.program() + " unpacks members hoop cannot read before it runs into " + (into == null ? "a computed"
                        + " directory" : into) + ", a git work tree or directory: .git/config or hooks among them make git"
                        + " run commands later");
            }
        }
    }

    /**
     * cp -r, mv and rsync -r/-a copy trees: "cp -r SRC/. REPO" or "rsync -a SRC/ REPO/" put SRC's .git over REPO's, and
     * "mv SRC/.git REPO" moves one in; the tree's files are in no word of the line. Into a git work tree or directory
     * (or a computed destination), a source that is a .git or NAME.git directory or a git directory, whose contents
     * (SRC/., rsync's SRC/, -T, a destination not there yet) hold a .git, or that is computed, is unknown.
     */
    private static void treeCopy(String program, List<String> args, String dir, Analysis an) {
        boolean recursive = program.equals("mv");
        boolean noTarget = false;
        String target = null;
        List<String> ops = new ArrayList<>();
        boolean options = true;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (options && a.equals("--")) {
                options = false;
            } else if (options && (a.equals("-t") || a.equals("--target-directory")) && k + 1 < args.size()) {
                target = args.get(++k);
            } else if (options && a.startsWith("--target-directory=")) {
                target = a.substring(a.indexOf('=') + 1);
            } else if (options && a.startsWith("--")) {
                recursive |= a.matches("--recursive|--archive|--mirror");
                noTarget |= a.equals("--no-target-directory");
            } else if (options && a.startsWith("-") && a.length() > 1) {
                recursive |= a.matches("-[A-Za-z]*[rRa][A-Za-z]*");
                noTarget |= a.matches("-[A-Za-z]*T[A-Za-z]*") && !program.equals("rsync");
                if (program.equals("rsync") && a.matches("-[A-Za-z]*[eBfT]")) {
                    k++;  // an option taking a value
                }
            } else {
                ops.add(a);
            }
        }
        if (!recursive || ops.isEmpty() || target == null && ops.size() < 2) {
            return;
        }
        String dest = target != null ? target : ops.remove(ops.size() - 1);
        String into = computed(dest) ? null : FileWriters.land(dest, dir);
        if (into != null && into.startsWith("/") && !gitPlace(into, an)) {
            return;  // a tree copied elsewhere: a .git in it is the source's own, whose git runs as it would there
        }
        boolean destThere = into != null && into.startsWith("/") && Files.isDirectory(Path.of(into));
        for (String src : ops) {
            String landed = computed(src) ? null : FileWriters.land(src, dir);
            String name = landed == null ? "" : landed.replaceAll("(/\\.)+$", "").replaceAll("/+$", "");
            name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
            boolean contents = src.endsWith("/.") || src.endsWith("/./") || program.equals("rsync") && src.endsWith("/")
                    || noTarget || !destThere && !program.equals("rsync");
            Path tree = landed != null && landed.startsWith("/") ? Path.of(PathNormalizer.normalize(landed)) : null;
            boolean git = landed == null || name.equals(".git") || name.endsWith(".git") || tree != null && Files.isDirectory(tree)
                    && (isGitDir(tree) || contents && Files.exists(tree.resolve(".git"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            if (git) {
                an.unknown(program + " copies " + src + " (a git directory, a tree holding one, or computed) into " + dest
                        + ", a git work tree or directory: its config and hooks make git run commands later");
                return;
            }
        }
    }

    private static boolean computed(String word) {
        return word.contains("$") || word.contains("`") || word.contains("*") || word.contains("?") || word.contains("[");
    }

    /** The file a "<" redirection of command k names, or null (a pipe, a here-document: what no one could read). */
    private static String stdin(List<SimpleCommand> commands, Map<Integer, int[]> owners, int k) {
        for (Map.Entry<Integer, int[]> e : owners.entrySet()) {
            int r = e.getKey();
            if (r < commands.size() && commands.get(r).program().equals("<") && e.getValue()[0] <= k && k < e.getValue()[1]
                    && commands.get(r).args().size() == 1) {
                return commands.get(r).args().get(0);
            }
        }
        return null;
    }

    /** The first member path that lands in a git directory, or null. */
    private static String plant(List<String> members, int strip, String into, boolean patch, Analysis an) {
        Set<String> heads = new java.util.HashSet<>();
        List<String> paths = new ArrayList<>();
        for (String entry : members) {
            for (String m : entry.split("\u0000")) {
                String[] parts = m.replace('\\', '/').split("/+");
                List<String> kept = new ArrayList<>();
                int dropped = 0;
                for (String p : parts) {
                    if (p.isEmpty() || p.equals(".")) {
                        continue;
                    }
                    if (dropped++ < strip) {
                        continue;
                    }
                    kept.add(p);
                }
                String path = String.join("/", kept);
                paths.add(path);
                if (path.equals("HEAD") || path.endsWith("/HEAD")) {
                    heads.add(path.substring(0, Math.max(0, path.length() - 4)));
                }
            }
        }
        for (String path : paths) {
            String[] parts = path.split("/");
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].toLowerCase(java.util.Locale.ROOT);
                if (p.equals(".git") || p.endsWith(".git") && (patch || i < parts.length - 1) || p.equals("..") && !patch) {
                    return path;  // a .git or NAME.git directory, or a member climbing out of where it is unpacked
                }
            }
            String name = parts[parts.length - 1];
            int hooks = path.lastIndexOf("hooks/");
            String dir = name.matches("config(\\.worktree)?") || name.equals("hooks") ? path.substring(0, path.length() - name.length())
                    : hooks == 0 || hooks > 0 && path.charAt(hooks - 1) == '/' ? path.substring(0, hooks) : null;
            if (dir != null && (heads.contains(dir) || into != null && inGitDir(into + "/" + dir) || into == null)) {
                return path;  // a repository the archive holds (its HEAD beside), or one on disk where it lands
            }
            if (parts.length == 1 && HOOKS.contains(name) && (into == null || inGitDir(into))) {
                return path;  // unpacked into a computed directory, which may be a hooks directory
            }
        }
        return null;
    }

    /** Whether dir (absolute) is in a git work tree or a git directory on disk, or one the line makes. */
    private static boolean gitPlace(String dir, Analysis an) {
        if (an.gitMade.inWorkTree(dir)) {
            return true;
        }
        for (Path p = Path.of(dir); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"), java.nio.file.LinkOption.NOFOLLOW_LINKS) || isGitDir(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether dir or a directory above it is a git directory on disk (HEAD, objects and refs in it). */
    private static boolean inGitDir(String dir) {
        if (!dir.startsWith("/")) {
            return true;
        }
        for (Path p = Path.of(PathNormalizer.normalize(dir)); p != null; p = p.getParent()) {
            if (isGitDir(p) || p.getFileName() != null && p.getFileName().toString().equals(".git")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGitDir(Path p) {
        return Files.isRegularFile(p.resolve("HEAD")) && Files.isDirectory(p.resolve("objects")) && Files.isDirectory(p.resolve("refs"));
    }

    private static Unpack tar(List<String> args, String dir) {
        boolean x = false, transformed = false;
        String archive = "-", into = dir;
        int strip = 0;
        List<String> pending = new ArrayList<>();  // letters of an old-style cluster whose values come next
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (!pending.isEmpty() && !a.startsWith("-")) {
                String letter = pending.remove(0);
                if (letter.equals("f")) {
                    archive = a;
                } else if (letter.equals("C")) {
                    into = FileWriters.land(a, into);
                }
                continue;
            }
            if (a.equals("-C") || a.equals("--directory") || a.equals("--cd")) {
                into = k + 1 < args.size() ? FileWriters.land(args.get(++k), into) : into;
            } else if (a.startsWith("--directory=")) {
                into = FileWriters.land(a.substring(12), into);
            } else if (a.equals("-f") || a.equals("--file")) {
                archive = k + 1 < args.size() ? args.get(++k) : archive;
            } else if (a.startsWith("--file=")) {
                archive = a.substring(7);
            } else if (a.startsWith("--strip-components")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : k + 1 < args.size() ? args.get(++k) : "";
                if (!v.matches("\\d{1,3}")) {
                    transformed = true;
                } else {
                    strip = Integer.parseInt(v);
                }
            } else if (a.matches("--(transform|xform)(=.*)?|-s|--absolute-names|-P|--to-command.*|--use-compress-program.*"
                    + "|-I|--rename-directory|--get|--extract|-x|--files-from.*")) {
                transformed |= !a.matches("--get|--extract|-x|--files-from.*");
                x |= a.matches("--get|--extract|-x");
                if (a.matches("--(transform|xform)|-s|-I|--use-compress-program|--to-command") && k + 1 < args.size()) {
                    k++;
                }
            } else if (a.startsWith("--")) {
                continue;
            } else if (k == 0 || a.startsWith("-")) {
                String cluster = a.startsWith("-") ? a.substring(1) : a;
                for (int i = 0; i < cluster.length(); i++) {
                    char ch = cluster.charAt(i);
                    x |= ch == 'x';
                    transformed |= ch == 'P' || ch == 's' && a.startsWith("-") && cluster.length() == 1;
                    if ("fCTXbNgKVLFHI".indexOf(ch) >= 0) {
                        if (a.startsWith("-") && i + 1 < cluster.length()) {
                            String v = cluster.substring(i + 1);  // "-fa.tar", "-Cdir": the rest is the value
                            if (ch == 'f') archive = v;
                            if (ch == 'C') into = FileWriters.land(v, into);
                            break;
                        }
                        pending.add(String.valueOf(ch));
                    }
                }
            }
        }
        boolean toStdout = args.stream().anyMatch(a -> a.equals("--to-stdout") || a.equals("-O")
                || a.matches("-[A-Za-z]*O[A-Za-z]*") && !a.startsWith("--") || args.indexOf(a) == 0 && a.matches("[A-Za-z]*O[A-Za-z]*"));
        return x ? new Unpack(archive, into, strip, transformed, "tar", toStdout) : null;
    }

    private static Unpack unzip(List<String> args, String dir) {
        String archive = null, into = dir;
        boolean transformed = false;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.equals("-d") && k + 1 < args.size()) {
                into = FileWriters.land(args.get(++k), dir);
            } else if (a.startsWith("-d") && a.length() > 2) {
                into = FileWriters.land(a.substring(2), dir);
            } else if (a.equals("-P") && k + 1 < args.size()) {
                k++;
            } else if (a.startsWith("-")) {
                transformed |= a.contains(":") || a.contains("l") || a.contains("Z");  // -: keeps ../ paths; -l/-Z list only
            } else if (archive == null) {
                archive = a;
            }
        }
        return new Unpack(archive, into, 0, transformed, "zip");
    }

    private static Unpack sevenZip(List<String> args, String dir) {
        List<String> ops = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (ops.isEmpty() || !ops.get(0).matches("x|e")) {
            return null;
        }
        String into = dir;
        for (String a : args) {
            if (a.startsWith("-o") && a.length() > 2) {
                into = FileWriters.land(a.substring(2), dir);
            }
        }
        String archive = ops.size() > 1 ? ops.get(1) : null;
        boolean zip = archive != null && !computed(archive) && isZip(FileWriters.land(archive, dir));
        // 7z e drops the members' directories (a config member lands in the output directory itself): not followed
        return new Unpack(archive, into, 0, !zip || ops.get(0).equals("e"), "zip");
    }

    private static boolean isZip(String path) {
        try (var in = Files.newInputStream(Path.of(path))) {
            return in.read() == 'P' && in.read() == 'K';
        } catch (Exception e) {
            return false;
        }
    }

    private static Unpack patch(List<String> args, String dir) {
        String archive = "-", into = dir;
        List<String> ops = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if ((a.equals("-i") || a.equals("--input")) && k + 1 < args.size()) {
                archive = args.get(++k);
            } else if (a.startsWith("--input=")) {
                archive = a.substring(8);
            } else if ((a.equals("-d") || a.equals("--directory")) && k + 1 < args.size()) {
                into = FileWriters.land(args.get(++k), dir);
            } else if (a.startsWith("--directory=")) {
                into = FileWriters.land(a.substring(12), dir);
            } else if (a.matches("-[pFoBzVYrDg]|--(strip|fuzz|output|prefix|suffix|version-control|basename-prefix"
                    + "|reject-file|ifdef|quoting-style|get)") && k + 1 < args.size()) {
                k++;
            } else if (!a.startsWith("-")) {
                ops.add(a);
            }
        }
        if (ops.size() > 1) {
            archive = ops.get(1);
        }
        return new Unpack(archive, into, 0, false, "patch");
    }
}
