package hoop.policy.shell;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tool subcommands that run the command after them: "npx CMD", "npm exec -- CMD", "uv run CMD",
 * "poetry run CMD", "bundle exec CMD", "pyenv exec CMD", ... (docker and kubectl: {@link ContainerCommands}). Their own
 * options are many and change between releases, so an option not listed here as a flag or as
 * taking a value means the command cannot be located, and the whole is unknown rather than
 * misread (a value taken for the program would hide the real one).
 *
 * @param sub        the subcommand that runs a command ("" when the program itself does)
 * @param flags      options without a value
 * @param withValue  options taking the next word as their value (or glued with '=')
 * @param operands   positional words before the command (direnv's directory)
 * @param callOption option whose value is a shell command string (npx -c), or null
 */
record Runners(String sub, Set<String> flags, Set<String> withValue, int operands, String callOption) {

    private static final Runners NPX = new Runners("", Set.of("-y", "--yes", "--no", "-q", "--quiet", "--no-install"),
            Set.of("-p", "--package", "-w", "--workspace"), 0, "-c");
    private static final Map<String, List<Runners>> TABLE = Map.ofEntries(
            Map.entry("npx", List.of(NPX)),
            Map.entry("npm", List.of(new Runners("exec", NPX.flags(), NPX.withValue(), 0, "-c"),
                    new Runners("x", NPX.flags(), NPX.withValue(), 0, "-c"))),
            Map.entry("pnpm", List.of(new Runners("exec", Set.of("-r", "--recursive", "--parallel", "--no-bail"),
                    Set.of("--filter", "-F", "-C", "--dir"), 0, "-c"), new Runners("dlx", Set.of("-s", "--silent"),
                    Set.of("--package"), 0, "-c"))),
            Map.entry("yarn", List.of(new Runners("exec", Set.of(), Set.of(), 0, null),
                    new Runners("dlx", Set.of("-q", "--quiet"), Set.of("-p", "--package"), 0, null))),
            Map.entry("bunx", List.of(new Runners("", Set.of("--bun"), Set.of(), 0, null))),
            Map.entry("uv", List.of(new Runners("run", Set.of("--no-project", "--isolated", "--no-sync", "--frozen",
                    "--locked", "-q", "--quiet", "-v", "--verbose", "--all-extras", "--no-dev", "--active", "--script"),
                    Set.of("--with", "--python", "-p", "--project", "--directory", "--env-file", "--package",
                            "--extra", "--group", "--index", "--with-requirements", "--from"), 0, null))),
            Map.entry("uvx", List.of(new Runners("", Set.of("-q", "--quiet", "--isolated"),
                    Set.of("--with", "--python", "-p", "--from"), 0, null))),
            Map.entry("poetry", List.of(new Runners("run", Set.of("-q", "--quiet", "-v", "--verbose"),
                    Set.of("-C", "--directory", "-P", "--project"), 0, null))),
            Map.entry("pipenv", List.of(new Runners("run", Set.of(), Set.of(), 0, null))),
            Map.entry("pdm", List.of(new Runners("run", Set.of("-g", "--global"), Set.of("-p", "--project"), 0, null))),
            Map.entry("hatch", List.of(new Runners("run", Set.of(), Set.of(), 0, null))),
            Map.entry("bundle", List.of(new Runners("exec", Set.of("--keep-file-descriptors"), Set.of(), 0, null))),
            Map.entry("pyenv", List.of(new Runners("exec", Set.of(), Set.of(), 0, null))),
            Map.entry("rbenv", List.of(new Runners("exec", Set.of(), Set.of(), 0, null))),
            Map.entry("asdf", List.of(new Runners("exec", Set.of(), Set.of(), 0, null))),
            Map.entry("mise", List.of(new Runners("exec", Set.of("-q", "--quiet", "-y", "--yes"),
                    Set.of("-C", "--cd", "-j", "--jobs"), 0, "-c"), new Runners("x", Set.of("-q", "--quiet", "-y", "--yes"),
                    Set.of("-C", "--cd", "-j", "--jobs"), 0, "-c"))),
            Map.entry("direnv", List.of(new Runners("exec", Set.of(), Set.of(), 1, null))),
            Map.entry("bun", List.of(new Runners("x", Set.of("--bun"), Set.of(), 0, null))),
            Map.entry("devbox", List.of(new Runners("run", Set.of("-q", "--quiet", "--pure"), Set.of("-c", "--config",
                    "-e", "--env", "--env-file"), 0, null))),
            Map.entry("pixi", List.of(new Runners("run", Set.of("--frozen", "--locked", "-q", "--quiet", "-v",
                    "--verbose"), Set.of("-e", "--environment", "--manifest-path"), 0, null))),
            Map.entry("rye", List.of(new Runners("run", Set.of("-q", "--quiet", "-v", "--verbose"), Set.of("--pyproject"),
                    0, null))),
            Map.entry("tox", List.of(new Runners("exec", Set.of("-q", "--quiet", "-v", "--verbose"), Set.of("-e", "-c"),
                    0, null))),
            Map.entry("rtx", List.of(new Runners("exec", Set.of("-q", "--quiet", "-y", "--yes"), Set.of("-C", "--cd",
                    "-j", "--jobs"), 0, "-c"))),
            Map.entry("volta", List.of(new Runners("run", Set.of("--bundled-npm", "--no-yarn", "-v", "--verbose",
                    "--quiet"), Set.of("--node", "--npm", "--pnpm", "--yarn", "--env"), 0, null))),
            Map.entry("fnm", List.of(new Runners("exec", Set.of("--using-file"), Set.of("--using"), 0, null))),
            Map.entry("nvm", List.of(new Runners("exec", Set.of("--silent"), Set.of(), 1, null))),
            Map.entry("jenv", List.of(new Runners("exec", Set.of(), Set.of(), 0, null))),
            Map.entry("goenv", List.of(new Runners("exec", Set.of(), Set.of(), 0, null))),
            Map.entry("nodenv", List.of(new Runners("exec", Set.of(), Set.of(), 0, null))),
            Map.entry("plenv", List.of(new Runners("exec", Set.of(), Set.of(), 0, null))),
            Map.entry("conda", List.of(condaRun())),
            Map.entry("mamba", List.of(condaRun())),
            Map.entry("micromamba", List.of(condaRun())));

    private static Runners condaRun() {
        return new Runners("run", Set.of("--live-stream", "--no-capture-output", "-v", "--verbose"),
                Set.of("-n", "--name", "-p", "--prefix", "--cwd"), 0, null);
    }

    /**
     * Where the subcommand stands: the tool's own options may come first ("npm -w x exec", "poetry -C dir run", "uv -q
     * run"), each word before it an option or a word right after one (its value, when it takes one). -1: not there.
     */
    private int subcommand(List<Word> w, int j) {
        for (int k = j; k < w.size(); k++) {
            String v = w.get(k).value();
            if (v.equals(sub)) {
                return k;
            }
            if (v.equals("--")) {
                return -1;
            }
            String before = k > j ? w.get(k - 1).value() : "";
            boolean value = before.startsWith("-") && !before.contains("=") && !before.equals("--");
            if (!v.startsWith("-") && !value) {
                return -1; // another subcommand
            }
        }
        return -1;
    }

    static List<Runners> lookup(String program) {
        return TABLE.getOrDefault(program, List.of());
    }

    /**
     * Where the wrapped command starts, or -1 when this runner does not apply; -2 when the
     * command string of the call option was handed to the analysis instead.
     */
    int commandIndex(List<Word> w, int i, int depth, Analysis an, String program) {
        int j = i + 1;
        if (!sub.isEmpty()) {
            j = subcommand(w, j);
            if (j < 0) {
                return -1;
            }
            j++;
        }
        while (j < w.size()) {
            Word x = w.get(j);
            String v = x.value();
            if (x.dynamic() && v.startsWith("$")) {
                an.unknown(program + " option " + v + " is computed at run time");
                return -2;
            }
            if (v.equals("--")) {
                j++;
                break;
            }
            if (!v.startsWith("-") || v.equals("-")) {
                break;
            }
            String name = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
            if (name.equals(callOption) || name.equals("--call")) {
                Word command = v.contains("=") ? Word.literal(v.substring(v.indexOf('=') + 1))
                        : j + 1 < w.size() ? w.get(j + 1) : null;
                if (command == null || command.dynamic()) {
                    an.unknown(program + " " + name + " command string is not visible");
                } else {
                    an.analyzeNested(command.value(), depth + 1);
                }
                return -2;
            }
            if (flags.contains(v)) {
                j++;
            } else if (withValue.contains(name)) {
                j += v.contains("=") ? 1 : 2;
            } else {
                an.unknown(program + (sub.isEmpty() ? "" : " " + sub) + " option " + v
                        + " is not known, so the command it runs cannot be located");
                return -2;
            }
        }
        j += operands;
        return j < w.size() ? j : -2;
    }
}
