package hoop.policy.shell;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned and variant names of shells, interpreters and editors: Debian installs perl5.36.0,
 * tclsh8.6, vim.basic, and others ship ksh93, lua5.4 or node18. Each runs exactly like its plain
 * name, so it is judged as that name. Only these families are mapped: a trailing number is part
 * of many unrelated names (base64, md5).
 */
final class ProgramNames {
    private static final Pattern VARIANT = Pattern.compile(
            "([a-z]+?)(?:[-.]?[0-9][0-9.]*(?:-[a-z0-9_]+-linux-gnu[a-z]*)?|\\.(?:basic|tiny|nox|gtk3?|athena|static)"
            + "|-static)");
    private static final Set<String> FAMILIES = Set.of(
            "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "rbash", "fish", "csh", "tcsh",
            "perl", "ruby", "irb", "node", "nodejs", "bun", "php", "lua", "luajit", "tclsh", "wish", "expect",
            "julia", "groovy", "jshell", "pwsh", "deno", "awk", "gawk", "mawk", "nawk", "sed", "gsed",
            "vim", "vi", "nvim", "ex", "view", "vimdiff", "gvim", "rview", "emacs", "gdb", "ed",
            "busybox", "toybox", "make", "gmake", "git", "env", "sudo", "xargs", "find", "tar", "rsync", "ssh");

    private ProgramNames() {
    }

    static String canonical(String name) {
        Matcher m = VARIANT.matcher(name);
        if (m.matches() && FAMILIES.contains(m.group(1))) {
            return m.group(1);
        }
        return name;
    }
}
