package hoop.policy.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ordinary commands, including ones that merely mention "rm -rf" as data. */
class BenignTest {
    private static final ArgvPattern RM_RF = ArgvPattern.compile("rm -rf *");

    @ParameterizedTest
    @ValueSource(strings = {
        "echo \"rm -rf /\"",
        "echo 'rm -rf /' # text",
        "grep -r \"rm -rf\" .",
        "git commit -m 'rm -rf /'",
        "cat <<EOF\nrm -rf /\nEOF",
        "cat <<'EOF'\n$(rm -rf /)\nEOF",
        "cat <<-EOF\n\trm -rf /\n\tEOF",
        "cat <<EOF\nEO\\\\\\\nF\nrm -rf /\nEOF",
        "cat <<'EOF'\nEO\\\nF\nrm -rf /\nEOF",
        "cat <<-EOF\n\tEO\\\n\tF\nrm -rf /\nEOF",
        "cat <<EOF | grep x\nrm -rf /\nEOF\necho done",
        "ls -la",
        "ssh -N -L 8080:localhost:80 host",
        "NODE_OPTIONS=--max-old-space-size=4096 node s.js",
        "PATH=/usr/local/bin:/usr/bin:/bin ls",
        "export PATH=$PATH:/usr/local/bin; ls",
        "node --import ./setup.mjs s.js",
        "JAVA_TOOL_OPTIONS=-Xmx1g java -jar x.jar",
        "perf list",
        "run-parts --test ./scripts",
        "nc -z host 80",
        "socat - TCP:host:80",
        "start-stop-daemon --stop --pidfile p",
        "base64 f",
        "md5sum f",
        "python3.11 script.py",
        "sqlite3 db.sqlite 'select 1'",
        "npm install",
        "uv pip install x",
        "kubectl get pods",
        "docker ps",
        "pyenv versions",
        "npm exec",
        "awk '{print $1}' f",
        "echo \"$#\"",
        "echo '$1 and $@'",
        "f(){ ls -la; }; f",
        "git config user.name 'A B'",
        "git config --get alias.st",
        "git config --list",
        "git rebase -i HEAD~2",
        "git grep -n foo",
        "git fetch -u origin",
        "git clone -q https://example.com/x.git",
        "git bisect start",
        "GIT_CONFIG_NOSYSTEM=1 git status",
        "git rebase -x 'make test' HEAD~3",
        "git submodule update --init",
        "make -j4 test",
        "tmux ls",
        "setarch --list",
        "capsh --print",
        "parallel --version",
        "ls -la # rm -rf /",
        "git push origin main",
        "echo rm -rf /",
        "printf '%s\\n' 'rm -rf /'",
        "rm -f /tmp/x",
        "rm -r /tmp/x",
        "rm --verbose --interactive=never /tmp/x",
        "exec 3>&1",
        "exec",
        "FOO=bar",
        "x=1 y=2",
        "a=(1 2 3); echo \"${a[@]}\"",
        "echo $HOME",
        "echo ${HOME:-/root}",
        "[ -f x ] && cat x",
        "[[ -f x && $y == z ]] && echo ok",
        "test -d /tmp",
        "echo a{b,c}d",
        "echo $((1 + 2))",
        "((i++))",
        "command -v rm",
        "sudo -l",
        "python3 script.py",
        "python3 -m http.server",
        "python3 --version",
        "node app.js",
        "awk '{print $1}' f",
        "sed -e 's/a/b/g' f",
        "sed -i 's/x/e/' f",
        "git status",
        "ssh -N -L 8080:localhost:80 host",
        "kill -9 1234",
        "ls 2>/dev/null >out.txt",
        "ls &>/dev/null",
        "echo hi >&2",
        "cat < in > out",
        "diff <(ls a) <(ls b)",
        "echo 'a;b' \"c|d\" e\\;f",
        "if [ -f x ]; then echo y; fi > out",
        "{ echo a; echo b; } | sort",
        "time ls",
        "while read -r line; do echo \"$line\"; done < f",
        "echo #notacomment",
        "echo a#b",
        "find . -name '*.java' -print",
        "xargs -0 echo",
        "env",
        "nice",
        "timeout 5 ls",
        "tar -czf x.tar.gz dir",
        "vim --version",
        "nvim notes.txt",
        "gdb -batch ./prog core",
        "ansible all -m ping",
        "ip addr show",
        "git clean -n",
        "cat .git/config",
        "cp -r .git /tmp/backup",
        "echo x > .gitignore",
        "sed -n p .git/config",
        "sed -e 's/foo/bar/g' -e 's/[[:space:]]*$//' -i.bak f",
        "sed -n '/start/,/end/{/start/!{/end/!p}}' f",
        "sed ':a;N;$!ba;s/\\n/,/g' f",
        "sed '1i\\\nheader' f",
        "sed '/x/a then e rm' f",
        "sed 's/[]]/x/g;s/[^]]*//;s|[|]|x|;\\,^/usr,d' f",
        "sed -E 's/(a|b)+/\\2.\\1/' f",
        "sed -l 80 -n 'l 0' f",
        "sed 's/a/b/;# e rm' f",
        "sed -n '0,/foo/s//bar/p;1~2d;/a/,+2p' f",
        "sed -e :a -e '$!N;s/\\n//;ta' f",
        "sed -n 'w /dev/stdout' f",
        "timeout --foreground --pres 5 setsid --fork ls",
        "unshare -r --fork --mount-proc ls",
        "firejail --private --net=none ls",
        "/usr/bin/time --verbose --append -o t.txt ls",
        "strace -f --follow-forks --decode-fds -o t.txt ls",
        "valgrind --leak-check=full --quiet /usr/bin/ls",
        "nice --adj 5 stdbuf --output=L ls",
        "python3 -m pytest -x",
        "python3 -m venv .venv",
        "python3 -u -X dev -m json.tool f",
        "perl -d:NYTProf s.pl",
        "tar xzf a.tgz -C /tmp --one-top-level",
        "tar -xf archive-I.tar --checkpoint=10 --to-stdout",
        "tar cf - . --format=posix",
        "scp -oStrictHostKeyChecking=no -i ~/.ssh/idS -rp a h:b",
        "tcpdump -nnvvXSs 1514 -i any",
        "TAR_OPTIONS='--wildcards -v' tar xf a.tar",
        "MAKEFLAGS='-k -j8 -l8' make test",
        "make CC=clang CFLAGS=-O2",
        "KUBECTL_EXTERNAL_DIFF='diff -u' kubectl diff -f x.yaml",
        "sh -c 'ls -la'",
        "sh -c 'echo $((1 + 2))'",
        "sh -c 'grep \"[[:space:]]\" f'",
        "bash -c 'make &>build.log'",
        "echo `echo hi &>/dev/null`",
        "zsh -c 'echo $(date)'",
        "echo \"`echo \\\"hi\\\"`\"",
        "for f in a.log b.log; do rm -f \"$f\"; done",
        "rm -f \"$HOME/x\" $TMPDIR/y",
        "o=-f; rm $o x",
        "git commit -m \"$(cat msg)\"",
        "ls | xargs wc -l",
        "kill $(pgrep x)",
        "n=$(wc -l < f); echo \"$n lines\"",
        "read -r v <<< ok; echo $v",
        "export -n PATH; ls",
        "a=(x y); echo ${a[1]} ${a[@]} ${#a[@]}",
        "s=abc; echo ${s:1:1}",
        "for f in a b; do echo $f; done",
        "psql -h db -U app -c 'select 1' -c '\\dt'",
        "psql -l",
        "mysql -e 'select 1'",
        "scp -o BatchMode=yes -P 22 a h:b",
        "split -l 10 f",
        "sort -u f",
        "crontab -l",
        "git clone -q -c user.name=x https://example.com/r.git",
        "/usr/bin/env ls",
        "/usr/local/bin/tool x",
        "/usr/lib/git-core/git-status",
        "cd /usr/bin && ./ls",
        "make -f Makefile.ci test",
        "n=HOME; [[ -v $n ]] && echo ${!n}",
        "for v in A B; do unset \"$v\"; done",
        "read f; unset -f \"$f\"",
        "read x; echo ${!BASH*} ${#x}",
        "a=(1 2); read x; echo ${!a[@]}",
        "read x; [ -n \"$x\" ]",
        "echo 'rm -rf /' > notes.txt; cat notes.txt",
        "cat > notes.txt <<'EOF'\nrm -rf /\nEOF\ncat notes.txt",
        // subscripts and offsets spelling no substitution, an associative array's quoted key, and words after ${x:-}
        // that bash does not evaluate as arithmetic
        "s=abcdef; echo ${s:1:2} ${s: -2} \"${s:1}\" $(( 7 + 1 ))",
        "a=(x y z); echo ${a[1]} ${a[@]:1} ${#a[@]} \"${a[@]:1:1}\"",
        "declare -A m=([k]=v); echo \"${m['k']}\" ${m[k]:0:1}",
        "echo ${x:-'$(rm -rf /)'} ${x:+'$(rm -rf /)'} ${x/'$(rm -rf /)'/y} \"${x:-$'\\x24(rm -rf /)'}\"",
        "sleep 1 & wait -n -p pid; echo $pid",
        "git --git-dir=/srv/app/.git --work-tree=/srv/app status",
        "git --git-dir /srv/repos/app.git log -1",
        "GIT_DIR=.git git log -1",
        "export GIT_DIR=/srv/app/.git/; git status",
        "printf 'x=1\\n' >> app/config",
        "fmt='%s\\n'; printf \"$fmt\" PATH; ls",
        "read fmt; printf \"$fmt\" hello world",
        "fmt='%s=%s\\n'; x=a; printf \"$fmt\" \"$x\" b",
        "a=1; b=2; [ \"$a\" -lt \"$b\" ] && echo y",
        "read a b; [ \"$a\" = \"$b\" ]",
        "sleep 1 & p=$!; wait \"$p\"",
    })
    void knownAndNotRmRf(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertFalse(a.unknown(), () -> "unexpected unknown " + a.unknownReasons() + " for: " + script);
        assertFalse(a.commands().stream().anyMatch(RM_RF::matches), () -> "rm -rf matched " + a.commands());
    }

    /**
     * Files a line writes that the program it runs does not take code from: its own output, data beside a script, a
     * source file a build compiles, a file in another directory; and runs of project files the line does not write.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "python3 gen.py > generated.py",
        "python3 x.py 2>/dev/null > out.log; python3 y.py",
        "echo x >&2; python3 x.py",
        "curl -s https://example.com/d.json -o data.json; python3 process.py data.json",
        "echo hi > out.txt; make",
        "cat > src/main.c <<'EOF'\nint main(){}\nEOF\nmake",
        "make 2>&1 | tee build.log",
        "npm test > test.log 2>&1",
        "sed -i 's/x/y/' notes.txt && make",
        "echo 'import os' > /tmp/other/x.py; python3 /srv/app/run.py",
        "make -j4 test",
        "python3 manage.py test",
        "npm test",
        "git pull && make",
        "make CC=clang",
        "redis-cli -h cache -n 2 get k",
        "redis-cli --version",
        "mongosh mongodb://db/app --eval 'db.users.countDocuments()'",
        "echo DEBUG=1 > .env && npm start",
        "echo '{}' > tsconfig.json && npx tsc --noEmit",
        "printf 'a,b\\n1,2\\n' > data.csv && python3 load.py data.csv",
        "echo node_modules > .gitignore && npm test",
        "echo x > /usr/local/share/doc.txt",
        "cp /usr/local/bin/tool /tmp/tool.bak",
        "curl -so data.json https://example.com/d; python3 /srv/proc.py data.json",
        "echo x > /tmp/in.csv; python3 proc.py /tmp/in.csv",
        "fd -e md . docs",
        "fd -e log . /srv -x wc -l",
        "rg -n TODO src",
        "pandoc -o out.pdf in.md",
        "pdflatex x.tex",
        "latexmk -pdf x.tex",
        "echo x > out.txt; kubectl get pods",
        "kubectl --kubeconfig ~/.kube/prod get pods",
        "cat ~/.ssh/config",
        "echo 'export PATH=$PATH:/x' >> ~/notes.txt",
        "cp ~/.bashrc /tmp/bashrc.bak",
        "docker compose up -d",
        "docker run --rm -p 8080:80 nginx",
        "docker run --rm -e X=1 -v /srv/app:/w -w /w node:20 npm test",
        "docker run --rm --pull always alpine true",
        "kubectl exec web -- ls",
        "kubectl -n prod logs web",
        "tar xzf /srv/release.tgz && make",
        "sort -o sorted.txt data.txt && python3 report.py",
        "awk '$1 > 5 {print $2}' data.txt > top.txt; python3 report.py",
        "make CFLAGS='-O2 -g'",
        "make PREFIX=/usr/local install",
        "make DESTDIR=/tmp/stage V=1 install",
        "VERSION=1.2 make release",
        "for t in a b; do make $t; done",
        "cd build && make -j$(nproc)",
    })
    void aLineWritingFilesItsProgramsDoNotRunIsKnown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertFalse(a.unknown(), () -> "unexpected unknown " + a.unknownReasons() + " for: " + script);
    }

    /** A rule on any program would meet every "echo $(date)" if computed words could be anything for it. */
    @Test
    void aRuleOnAnyProgramReadsComputedWordsAsWritten() {
        ShellAnalysis a = ShellClassifier.analyzeScript("echo $(date); git log -n \"$(echo 3)\"");
        assertFalse(a.commands().stream().anyMatch(ArgvPattern.compile("* /etc/shadow*")::matches), a.commands()::toString);
        assertFalse(a.commands().stream().anyMatch(ArgvPattern.compile("git push*")::matches), a.commands()::toString);
        assertTrue(ArgvPattern.compile("git log*").matches(a.commands().get(a.commands().size() - 1)));
    }

    @Test
    void heredocBodyIsData() {
        ShellAnalysis a = ShellClassifier.analyzeScript("cat <<EOF\nrm -rf /\nEOF\nls");
        assertEquals(List.of(new SimpleCommand("cat", List.of(), AnalyzeArgvTest.HERE, null),
                new SimpleCommand("ls", List.of(), AnalyzeArgvTest.HERE, null)), a.commands());
    }

    @Test
    void gitPushMatchesPrefixPattern() {
        ShellAnalysis a = ShellClassifier.analyzeScript("git push origin main");
        assertTrue(ArgvPattern.compile("git push*").matches(a.commands().get(0)));
        assertFalse(ArgvPattern.compile("git pull*").matches(a.commands().get(0)));
    }

    @Test
    void commentsAndQuotesProduceExpectedArgs() {
        ShellAnalysis a = ShellClassifier.analyzeScript("echo 'a b' \"c\"d e\\ f # x");
        assertEquals(List.of(new SimpleCommand("echo", List.of("a b", "cd", "e f"), AnalyzeArgvTest.HERE, null)), a.commands());
    }
}
