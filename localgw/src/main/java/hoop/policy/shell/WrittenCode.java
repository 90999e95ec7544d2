package hoop.policy.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A line that writes a file and runs it: "printf '...' > x.py && python3 x.py", a Makefile written then "make", a
 * package.json then "npm test". The program is judged by its name and words, as if it ran a project file nobody wrote
 * here, while what runs is what the line itself put there. Interpreters and build tools run code from their script,
 * from files beside it (python's imports, node's requires) or from their project directory (Makefile, package.json,
 * build.gradle, conftest.py): when the line writes such a file, the command is unknown. Writes a program makes of its
 * own output ("python3 gen.py > out.py") do not count for that program, and files holding data (.txt, .json, .csv...)
 * are not code unless a build tool reads them by name.
 */
final class WrittenCode {
    private WrittenCode() {
    }

    /** Interpreters whose first operand is a script; their directory is where they look for more code. */
    private static final Pattern INTERPRETER = Pattern.compile(
            "(python|pypy)[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|php[0-9.]*|lua[0-9.]*|luajit|Rscript|julia|bun"
            + "|tclsh[0-9.]*|wish|groovy|ts-node|tsx|java|jshell|kotlin|scala|elixir|erl|escript|guile|racket|sbcl"
            + "|clisp|dotnet");
    /** Options of interpreters that take the next word as their value, so it is no script. */
    private static final Set<String> VALUED = Set.of("-W", "-X", "-Q", "-r", "-C", "-I", "-E", "-l", "-cp",
            "-classpath", "--class-path", "-p", "--module-path", "--require", "--import", "--loader", "-f", "-v", "-F");
    /** Programs that run code their project directory holds (recipes, scripts, build files, tests, plugins). */
    private static final Set<String> BUILD_TOOLS = Set.of("make", "gmake", "bmake", "npm", "pnpm", "yarn", "npx", "bun",
            "deno", "gradle", "mvn", "ant", "sbt", "lein", "cargo", "go", "pytest", "py.test", "tox", "nox", "rake",
            "bundle", "just", "task", "ctest", "cmake", "meson", "ninja", "bazel", "bazelisk", "mix", "composer", "pip",
            "pip3", "poetry", "pdm", "hatch", "uv", "pipenv", "pre-commit", "jest", "vitest", "mocha", "tsc", "webpack",
            "vite", "invoke", "fab", "scons", "waf", "xmake", "swift", "dune", "stack", "cabal", "nix", "direnv");
    /** Files holding data, which no interpreter or build tool runs unless it reads them by name (BUILD_FILES). */
    private static final Set<String> DATA = Set.of("txt", "log", "md", "rst", "csv", "tsv", "json", "jsonl", "ndjson",
            "yaml", "yml", "xml", "html", "htm", "css", "svg", "png", "jpg", "jpeg", "gif", "webp", "ico", "pdf", "out",
            "err", "dat", "bak", "orig", "rej", "diff", "patch", "lock", "sum", "tar", "gz", "tgz", "zip", "bz2", "xz",
            "zst", "c", "h", "cc", "cpp", "hpp", "o", "a", "sql", "tmp", "pem", "crt", "key", "pub", "sig", "asc", "env.example");
    /** Dotfiles holding settings or names, not commands. */
    private static final Set<String> DATA_DOTFILES = Set.of(".env", ".gitignore", ".dockerignore", ".editorconfig",
            ".nvmrc", ".node-version", ".python-version", ".ruby-version", ".tool-versions", ".gitkeep", ".keep");
    /** Build definitions read by name whatever their suffix says. */
    private static final Set<String> BUILD_FILES = Set.of("package.json", "composer.json", "pom.xml", "Taskfile.yml",
            "Taskfile.yaml", "CMakeLists.txt", "pnpm-workspace.yaml", "lerna.json", "turbo.json", "nx.json",
            "deno.json", "deno.jsonc", "bunfig.toml", ".pre-commit-config.yaml", "docker-compose.yml",
            "compose.yaml", "settings.xml", "extensions.xml", "pubspec.yaml", "stack.yaml", "dune-project");

    /**
     * Adds an unknown reason for each command running code from a file another command of the line writes.
     *
     * @param owners for a redirection's index, the range [from, to) of the commands it belongs to
     */
    static void judge(List<SimpleCommand> commands, Map<Integer, int[]> owners, Analysis an) {
        List<Write> writes = new ArrayList<>();
        for (int k = 0; k < commands.size(); k++) {
            for (String path : FileWriters.written(commands.get(k))) {
                writes.add(new Write(k, path));
            }
        }
        java.util.Set<String> files = new java.util.HashSet<>();
        writes.forEach(w -> files.add(w.path()));
        for (int k = 0; k < commands.size(); k++) {
            String dir = FileWriters.extracted(commands.get(k), files);
            if (dir != null) {
                writes.add(new Write(k, dir));
            }
        }
        for (Write w : writes) {
            if (CommandFiles.names(w.path(), an.home)) {
                an.unknown(commands.get(w.command()).program() + " writes " + w.path()
                        + ", which other programs read commands from");
            } else if (CommandFiles.programDirectory(w.path(), an.home)) {
                an.unknown(commands.get(w.command()).program() + " writes " + w.path()
                        + ", where programs run by name are found: a command judged by its name may run it");
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        for (int k = 0; k < commands.size(); k++) {
            SimpleCommand c = commands.get(k);
            for (String config : configurations(c, an)) {
                for (Write w : writes) {
                    if (w.command() != k && (w.path() == null || config.equals("*") || w.path().equals(config)
                            || config.startsWith(w.path().endsWith("/") ? w.path() : w.path() + "/"))) {
                        an.unknown(c.program() + " reads its configuration, which can run commands, from " + config
                                + ", which this line writes");
                        return;
                    }
                }
            }
            Code code = code(c, an);
            if (code == null) {
                continue;
            }
            for (Write w : writes) {
                int[] owner = owners.get(w.command());
                boolean own = w.command() == k || owner != null && owner[0] <= k && k < owner[1];
                if (!own && code.reads(w.path())) {
                    an.unknown(c.program() + " runs code from " + (w.path() == null ? "a file named at run time"
                            : w.path().endsWith("/") ? "what is unpacked into " + w.path() : w.path())
                            + ", which this line writes: what it holds is not judged");
                    return;
                }
            }
        }
    }

    /**
     * Configuration files a program takes from its options or environment, whose entries run commands: a kubeconfig's
     * exec credential plugin (--kubeconfig, $KUBECONFIG), the aws CLI's credential_process ($AWS_CONFIG_FILE), npm's
     * script-shell (--userconfig, $NPM_CONFIG_USERCONFIG), ssh's ProxyCommand (-F).
     */
    private static List<String> configurations(SimpleCommand c, Analysis an) {
        String option;
        String variable;
        switch (c.program()) {
            case "kubectl", "oc", "helm", "k9s", "kubectx", "kubens", "stern", "kustomize", "flux", "argocd" -> {
                option = "--kubeconfig";
                variable = "KUBECONFIG";
            }
            case "aws" -> {
                option = null;
                variable = "AWS_CONFIG_FILE";
            }
            case "npm", "npx", "pnpm", "yarn" -> {
                option = "--userconfig";
                variable = "NPM_CONFIG_USERCONFIG";
            }
            case "ssh", "scp", "sftp" -> {
                option = "-F";
                variable = null;
            }
            default -> {
                return List.of();
            }
        }
        List<String> files = new ArrayList<>();
        List<String> args = c.guessedArgs() != null ? c.guessedArgs() : c.args();
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.equals(option) && k + 1 < args.size()) {
                files.add(land(args.get(k + 1), c.dir()));
            } else if (option != null && a.startsWith(option + "=")) {
                files.add(land(a.substring(option.length() + 1), c.dir()));
            }
        }
        for (String value : variable == null ? java.util.Set.<String>of()
                : an.environmentForMake().getOrDefault(variable, java.util.Set.of())) {
            if (value == null) {
                files.add("*"); // set at run time: any file the line writes
            } else {
                for (String part : value.split(":")) {
                    files.add(land(part, c.dir()));
                }
            }
        }
        return files;
    }

    /** A path another command writes; null: a name computed at run time, which may be any file. */
    private record Write(int command, String path) {
    }

    /**
     * The code a command runs from files: its script (exact), and the directories it takes more code from.
     *
     * @param script   the script file, or null
     * @param operands every operand, any of which may be the script when an option took the first as its value
     * @param dirs     directories whose code-holding files it may run; null in the list: a directory the analysis does
     *                 not know (an earlier "cd $x"), or a library path set at run time
     */
    private record Code(String script, List<String> operands, List<String> dirs) {
        boolean reads(String written) {
            if (written == null) {
                return true;
            }
            if (written.endsWith("/")) {
                // a directory an archive or patch was unpacked into: any file under it may be new
                String d = written.substring(0, written.length() - 1);
                return script != null && script.startsWith(written) || dirs.stream().anyMatch(x -> x == null
                        || !x.startsWith("/") || !d.startsWith("/") || x.equals(d) || x.startsWith(written)
                        || d.startsWith(x + "/"));
            }
            if (script != null && (written.equals(script) || script.startsWith(written + "/"))
                    || operands.contains(written) && holdsCode(written)) {
                return true;
            }
            for (String dir : dirs) {
                boolean inside = dir == null || !written.startsWith("/") || !dir.startsWith("/")
                        || written.equals(dir) || written.startsWith(dir + "/") || dir.startsWith(written + "/");
                if (inside && holdsCode(written)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether a file may hold code: a script's or build file's name, a name without a data suffix, a dotfile. */
    static boolean holdsCode(String path) {
        String name = CommandResolver.basename(path);
        if (DATA_DOTFILES.contains(name) || name.startsWith(".env.")) {
            return false;
        }
        if (BUILD_FILES.contains(name) || name.startsWith(".") && name.indexOf('.', 1) < 0) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot <= 0 || !DATA.contains(name.substring(dot + 1).toLowerCase());
    }

    /** Options of build tools naming their project directory (the project is there), or one more file they read. */
    private static final Set<String> PROJECT_DIR = Set.of("-C", "--directory", "--prefix", "-p", "--project-dir", "--cwd",
            "--dir");
    private static final Set<String> PROJECT_FILE = Set.of("-f", "--file", "--makefile", "--manifest-path");
    /** Variables naming directories an interpreter imports code from. */
    private static final Map<String, String> LIBRARY_PATHS = Map.of("python", "PYTHONPATH", "pypy", "PYTHONPATH",
            "node", "NODE_PATH", "nodejs", "NODE_PATH", "perl", "PERL5LIB", "ruby", "RUBYLIB", "lua", "LUA_PATH");

    private static Code code(SimpleCommand c, Analysis an) {
        String program = c.program();
        List<String> args = c.guessedArgs() != null ? c.guessedArgs() : c.args();
        if (BUILD_TOOLS.contains(program) || program.endsWith("w") && Set.of("gradlew", "mvnw").contains(program)) {
            if (args.size() == 1 && Set.of("--version", "-v", "-V", "--help", "-h").contains(args.get(0))) {
                return null;
            }
            List<String> dirs = new ArrayList<>();
            boolean moved = false;
            for (int k = 0; k < args.size(); k++) {
                // make -C DIR, npm --prefix DIR, gradle -p DIR, go -C DIR: the project is there; make -f FILE, mvn -f,
                // cargo --manifest-path: one more file it reads (also --opt=VALUE and -CVALUE)
                String a = args.get(k);
                String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('='))
                        : !a.startsWith("--") && a.length() > 2 && a.startsWith("-") ? a.substring(0, 2) : a;
                String value = !name.equals(a) ? a.substring(name.length() + (a.startsWith("--") ? 1 : 0))
                        : k + 1 < args.size() ? args.get(k + 1) : null;
                if (value == null || !PROJECT_DIR.contains(name) && !PROJECT_FILE.contains(name)) {
                    continue;
                }
                dirs.add(land(value, c.dir()));
                moved |= PROJECT_DIR.contains(name);
            }
            if (!moved) {
                dirs.add(c.dir());
            }
            return new Code(null, List.of(), dirs);
        }
        if (!INTERPRETER.matcher(program).matches()) {
            return null;
        }
        List<String> operands = new ArrayList<>();
        boolean inline = false;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.equals("--")) {
                args.subList(k + 1, args.size()).forEach(operands::add);
                break;
            }
            if (a.startsWith("-") && !a.equals("-")) {
                if (VALUED.contains(a)) {
                    k++;
                }
                // -m: a module found from the working directory; -c, -e: inline code
                inline |= operands.isEmpty() && (a.equals("-m") || a.equals("-c") || a.equals("-e"));
                continue;
            }
            operands.add(a);
        }
        String script = inline || operands.isEmpty() || operands.get(0).equals("-") ? null : land(operands.get(0), c.dir());
        List<String> dirs = new ArrayList<>();
        dirs.add(script == null ? c.dir() : script.startsWith("/") ? parent(script) : c.dir());
        String family = program.replaceAll("[0-9.]+$", "");
        if (LIBRARY_PATHS.containsKey(family)) {
            for (String value : an.environmentForMake().getOrDefault(LIBRARY_PATHS.get(family), Set.of())) {
                if (value == null) {
                    dirs.add(null); // set at run time: any directory
                } else {
                    java.util.Arrays.stream(value.split("[:;]")).filter(d -> !d.isEmpty()).forEach(d -> dirs.add(land(d, c.dir())));
                }
            }
        }
        // any operand may be the script when an option the loop does not know took the first as its value
        List<String> others = operands.stream().map(o -> land(o, c.dir())).toList();
        return new Code(script, others, dirs);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String land(String word, String dir) {
        return FileWriters.land(word, dir);
    }
}
