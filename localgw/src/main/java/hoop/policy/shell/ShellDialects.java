package hoop.policy.shell;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where another shell reads a script otherwise than bash, whose grammar the analysis follows. Debian's /bin/sh is
 * dash, which runs the strings of system(3), popen, git's -x and "sh -c": there "echo hi &>/dev/null rm -rf x" puts
 * echo in the background and runs rm, and "((rm -rf x))" is two subshells running rm, where bash reads a redirected
 * echo and an arithmetic error. A script using such a construct is unknown when a shell other than bash reads it.
 */
final class ShellDialects {
    private static final Set<String> BASH = Set.of("bash", "rbash");
    /** Shells whose language is not bash's at all. */
    private static final Set<String> OTHER_LANGUAGES = Set.of("fish", "csh", "tcsh");
    /** bash's constructs that a POSIX shell (dash, ash, posh; ksh, mksh and yash in part) reads as something else. */
    private static final Map<String, Pattern> POSIX = Map.of(
            "&> (in sh: & and a redirection)", Pattern.compile("&>"),
            "(( (in sh: nested subshells)", Pattern.compile("(?<!\\$)\\(\\("),
            "$'...' (in sh: $ and a quoted string without escapes)", Pattern.compile("\\$'"),
            "[[ (in sh: a command, its && and || lists)", Pattern.compile("(^|[\\s;&|(])\\[\\[(\\s|$)"),
            "|& or ;& (in sh: another list)", Pattern.compile("\\|&|;;?&"),
            "<<< (in sh: a here-document)", Pattern.compile("<<<"));
    /** zsh's own expansions: =cmd is the path of cmd, glob qualifiers and parameter flags evaluate code. */
    private static final Map<String, Pattern> ZSH = Map.of(
            "=word (in zsh: the path of a command)", Pattern.compile("(^|[\\s;&|(`])=[^\\s=]"),
            "a glob qualifier or parameter flag (in zsh: may evaluate code)", Pattern.compile("\\((\\+|[^)\\s]*e[:'\"])|\\$\\{\\("));

    private ShellDialects() {
    }

    /** Why {@code shell} may run {@code script} otherwise than bash would, or null. */
    static String differs(String shell, String script) {
        if (BASH.contains(shell)) {
            return null;
        }
        if (OTHER_LANGUAGES.contains(shell)) {
            return shell + " reads its script in a language other than bash's, which hoop does not read";
        }
        for (Map.Entry<String, Pattern> e : (shell.equals("zsh") ? ZSH : POSIX).entrySet()) {
            if (e.getValue().matcher(script).find()) {
                return "the script is read by " + shell + ", not bash, and uses " + e.getKey();
            }
        }
        return null;
    }
}
