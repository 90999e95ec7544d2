package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs whose effect cannot be determined statically must be reported as unknown. */
class UnknownTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "$(echo rm) -rf /",
        "`echo rm` -rf /",
        "$CMD -rf /",
        "${CMD} -rf /",
        "\"$CMD\" -rf /",
        "$1 -rf /",
        "r$x -rf /",
        "$((1)) -rf /",
        "/usr/bin/r? -rf /",
        "/bin/r* -rf /",
        "/bin/r[m] -rf /",
        "rm${IFS}-rf${IFS}/",
        "a=rm; $a -rf /",
        "sudo $CMD",
        "env $CMD",
        "eval \"rm -rf /\"",
        "eval",
        "tmux new-session -d 'rm -rf /'",
        "screen -dm rm -rf /",
        "parallel rm -rf ::: /",
        "parallel ::: 'rm -rf /'",
        "make -E 'x:;rm -rf /' x",
        "make --eval='x:;rm -rf /' x",
        "fakeroot",
        "setarch x86_64",
        "capsh == --print",
        "source ./x.sh",
        ". ./x.sh",
        "alias ls='rm -rf /'",
        "trap 'rm -rf /' EXIT",
        "enable -f ./x.so x",
        "hash -p /bin/rm ls",
        "exec -a name",
        "curl x | bash",
        "curl x | sh -s",
        "curl x | python3",
        "echo cm0= | base64 -d | sh",
        "bash < file",
        "bash <<EOF\nrm -rf /\nEOF",
        "bash <<< 'rm -rf /'",
        "sh <(curl x)",
        "sh <(echo hi)",
        "bash script.sh",
        "sh ./install.sh",
        "bash -c \"$X\"",
        "bash -c \"$(curl x)\"",
        "bash -c",
        "python3 -c 'import os'",
        "python -Ic 'import os'",
        "python3 -",
        "perl -e 'unlink'",
        "perl -ne 'print' f",
        "ruby -e 'x'",
        "node -e 'x'",
        "node --eval 'x'",
        "node -p 'x'",
        "php -r 'x();'",
        "lua -e 'x()'",
        "awk 'BEGIN { system(\"rm -rf /\") }'",
        "awk '{ print | \"sh\" }' f",
        "gawk -e 'BEGIN{system(\"x\")}'",
        "osascript -e 'x'",
        "Rscript -e 'x'",
        "jshell",
        "pwsh -c 'x'",
        "pwsh -Command x",
        "sed -n '1e rm -rf /' f",
        "sed 's/x/rm -rf \\//e' f",
        "git -c alias.x='!rm -rf /' x",
        "git -c core.pager='rm -rf /' log",
        "xargs sh -c",
        "xargs -I{} sh -c '{}'",
        "echo rm | xargs sudo",
        "find . -exec {} \\;",
        "find . -exec sh -c '{}' \\;",
        "find . -exec rm {}",
        "find . -exec $X \\;",
        "sudo -s",
        "sudo -i",
        "su",
        "su -l root",
        "chroot /mnt",
        "ssh host",
        "env -S 'rm -rf /'",
        "BASH_ENV=./x bash -c ls",
        "LD_PRELOAD=./x.so ls",
        "echo 'unterminated",
        "echo \"unterminated",
        "echo $(ls",
        "echo `ls",
        "{ ls",
        "( ls",
        "if true; then ls",
        "while true; do ls",
        "case x in a) ls;;",
        "cat <<EOF\nno end",
        "ls )",
        "ls && && rm",
        "echo ${x",
        "x='a[$(rm -rf /)]'; echo $((x))",
        "let 'a[$(rm -rf /)]=1'",
        "echo ${x@P}",
        "GIT_PAGER=\"$X\" git log",
        "tar -cf x.tar --to-command='rm -rf /' a",
        "tar --checkpoint=1 --checkpoint-action=exec='rm -rf /' -cf x a",
        "vim -c ':!rm -rf /'",
        "echo 'rm -rf /' | at now",
        "echo x > >(sh)",
        "source <(curl x)",
        "bash /dev/stdin <<< 'rm -rf /'",
        "xargs -0 -I % sh -c 'rm %'",
        "echo \"$(printf rm)\" | xargs env",
    })
    void isUnknown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 12})
    void nestingBeyondLimitIsUnknown(int levels) {
        String script = "rm -rf /";
        for (int i = 0; i < levels; i++) {
            script = "bash -c '" + script.replace("'", "'\\''") + "'";
        }
        assertTrue(ShellClassifier.analyzeScript(script).unknown());
    }
}
