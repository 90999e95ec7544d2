package hoop.policy.shell;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * make puts a variable's value into the recipes that use it, which then run as shell command lines: "make CC='rm -rf
 * d'" runs rm where a recipe says "$(CC) -o x x.c", and "make CFLAGS='-O2; rm -rf d'" runs it after the compiler.
 * Variables come from make's command line and from the environment (CC='rm -rf d' make; export CC=...; make, where the
 * makefile or make's built-in rules leave them unset). A value of several words is judged as the command line it may
 * begin, one starting with an option as the words after a command; a single word, a path (PREFIX=/usr/local) or a
 * program name, is taken as written. An environment value set when the line runs may be anything, and a value holding
 * "$" is expanded by make itself ($(shell cmd) runs cmd).
 */
final class MakeVariables {
    private MakeVariables() {
    }

    /** NAME=VALUE, NAME:=, NAME::=, NAME:::=, NAME+=, NAME?=, NAME!= as make reads them on its command line. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_.][A-Za-z0-9_.-]*)\\s*(?:::?:?|\\+|\\?|!)?=(.*)",
            Pattern.DOTALL);
    private static final Pattern SHELL_SYNTAX = Pattern.compile("[;&|<>()$`\\n\"'\\\\]");
    /** Variables make itself or the shell sets for every program: not the line's to give make. */
    private static final java.util.Set<String> INHERITED = java.util.Set.of("PATH", "HOME", "PWD", "OLDPWD", "SHELL",
            "USER", "LOGNAME", "TERM", "LANG", "SHLVL", "MAKEFLAGS", "GNUMAKEFLAGS", "MAKELEVEL", "MFLAGS", "IFS", "PS0",
            "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND");

    static void judge(Analysis an, List<Word> args, int depth) {
        for (Word a : args) {
            if (a.value().equals("--")) {
                break;
            }
            Matcher m = ASSIGNMENT.matcher(a.value());
            if (a.value().startsWith("-") || !m.matches() || a.value().startsWith("SHELL") || a.value().startsWith(".SHELLFLAGS")) {
                continue;
            }
            if (an.runTimeWord(a)) {
                an.unknown("make variable " + m.group(1) + " is given a value computed at run time, which recipes may run");
            } else {
                String guessed = a.dynamic() ? an.expandVariables(a.value()) : null;
                Matcher g = guessed == null ? m : ASSIGNMENT.matcher(guessed);
                value(an, g.matches() ? g.group(2) : m.group(2), depth);
            }
        }
        for (Map.Entry<String, java.util.Set<String>> e : an.environmentForMake().entrySet()) {
            if (INHERITED.contains(e.getKey()) || !e.getKey().matches("[A-Z_][A-Z0-9_]*")) {
                continue;
            }
            for (String v : e.getValue()) {
                if (v == null) {
                    an.unknown("make reads " + e.getKey() + " from the environment, set at run time, and recipes may run it");
                } else {
                    value(an, v, depth);
                }
            }
        }
    }

    private static void value(Analysis an, String value, int depth) {
        String v = value.strip();
        if (v.contains("$")) {
            // make expands references in a value where it is used: $(shell cmd), $(eval ...), $(file ...) run or write
            an.unknown("a make variable's value holds a make reference, which make expands (and $(shell) runs) itself");
            return;
        }
        if (v.isEmpty() || !v.contains(" ") && !v.contains("\t") && !SHELL_SYNTAX.matcher(v).find()) {
            return;
        }
        if (v.startsWith("-") && !SHELL_SYNTAX.matcher(v).find()) {
            return; // flags: words after a command, as written
        }
        // words after a command (CFLAGS), or a command line (CC): what the shell makes of it in a recipe
        an.analyzeNested(v.startsWith("-") ? ": " + v : v, depth + 1, "sh");
    }
}
