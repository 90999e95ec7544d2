package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyzeArgvTest {
    /** Where the command runs: the gateway's own working directory. */
    static final String HERE = java.nio.file.Path.of("").toAbsolutePath().toString();
    private static final ArgvPattern RM_RF = ArgvPattern.compile("rm -rf *");

    @Test
    void plainArgv() {
        ShellAnalysis a = ShellClassifier.analyzeArgv(List.of("git", "push"));
        assertEquals(List.of(new SimpleCommand("git", List.of("push"), HERE, null)), a.commands());
        assertFalse(a.unknown());
    }

    @Test
    void argvWordsAreLiteralNotShellSyntax() {
        ShellAnalysis a = ShellClassifier.analyzeArgv(List.of("echo", "$(rm -rf /)", "*", ";", "rm"));
        assertEquals(List.of(new SimpleCommand("echo", List.of("$(rm -rf /)", "*", ";", "rm"), HERE, null)), a.commands());
        assertFalse(a.unknown());
    }

    @Test
    void wrappersUnwrapped() {
        ShellAnalysis a = ShellClassifier.analyzeArgv(List.of("/usr/bin/env", "-i", "X=1", "timeout", "5", "rm", "-rf", "/"));
        assertTrue(a.commands().stream().anyMatch(RM_RF::matches), a.commands()::toString);
    }

    @Test
    void shellStringAnalysedRecursively() {
        ShellAnalysis a = ShellClassifier.analyzeArgv(List.of("bash", "-c", "ls && rm -rf /"));
        assertTrue(a.commands().stream().anyMatch(RM_RF::matches));
        assertEquals("ls", a.commands().get(0).display());
    }

    @Test
    void unknownsPropagate() {
        assertTrue(ShellClassifier.analyzeArgv(List.of("sh", "-c", "$X")).unknown());
        assertTrue(ShellClassifier.analyzeArgv(List.of("python3", "-c", "print(1)")).unknown());
        assertTrue(ShellClassifier.analyzeArgv(List.of("bash")).unknown());
        assertTrue(ShellClassifier.analyzeArgv(List.of()).unknown());
    }

    /** The connection's own program may live anywhere; a path the agent adds after it is a file it may have made. */
    @Test
    void aConfiguredProgramByPathIsKnownButOneItRunsIsNot() {
        assertFalse(ShellClassifier.analyzeArgv(List.of("/srv/tools/report.sh", "--day", "1")).unknown());
        assertTrue(ShellClassifier.analyzeArgv(List.of("env", "./x", "-rf", "/")).unknown());
        assertTrue(ShellClassifier.analyzeArgv(List.of("bash", "-c", "/tmp/x")).unknown());
    }

    @Test
    void programNameWithGlobCharsIsLiteralInArgv() {
        ShellAnalysis a = ShellClassifier.analyzeArgv(List.of("./r*", "x"));
        assertFalse(a.unknown());
        assertEquals("r*", a.commands().get(0).program());
    }

    /** A connection whose program is sh (dash) reads its script with sh's grammar: bash's constructs there are unknown. */
    @Test
    void aConnectionsShReadsItsScriptAsSh() {
        assertTrue(ShellClassifier.analyzeArgv(List.of("/bin/sh", "-c", "echo hi &>/dev/null rm -rf /")).unknown());
        assertFalse(ShellClassifier.analyzeArgv(List.of("/bin/bash", "-c", "echo hi &>/dev/null")).unknown());
        assertFalse(ShellClassifier.analyzeArgv(List.of("/bin/sh", "-c", "ls -la > out.txt 2>&1")).unknown());
    }
}
