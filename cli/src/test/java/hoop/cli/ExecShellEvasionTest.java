package hoop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spellings of a denied command that bash runs while the line's analysis saw something else: each goes through
 * `hoop exec` to a real bash, and what it would have done (a deleted directory, a pushed branch) is checked.
 */
class ExecShellEvasionTest {
    static final String CONFIG = TestGateway.config("""
            connections:
              - name: shell
                type: command
                command: [bash, -c]
                policies: [guard]
            policies:
              guard:
                default: allow
                unknown: deny
                rules:
                  - { name: destructive, action: deny, match: { argv: ["rm -rf *", "* /etc/shadow*"] } }
                  - { name: push, action: deny, match: { argv: ["git push*"] } }
                  - { name: cluster, action: deny, match: { argv: ["kubectl delete*"] } }
            """);

    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() throws Exception {
        gw = new TestGateway(dir.resolve("home"), CONFIG, Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    /**
     * Files emptied by writing nothing onto them otherwise than by cp or a redirection: dd from /dev/null or of no
     * block, a forced link to /dev/null in the file's place, fallocate zeroing a range, tee of an empty input. The
     * destroys-data flag missed each.
     */
    @Test
    void filesEmptiedByDdOrALinkDestroyData() throws Exception {
        restartWithRules("{ name: destructive, action: deny, match: { flags: [destroys-data] } }");
        Path file = dir.resolve("kept.txt");
        for (String line : List.of("dd if=/dev/null of=FILE status=none", "dd of=FILE count=0 status=none < FILE",
                "ln -sf /dev/null FILE", "fallocate -z -l 4 FILE", ": | tee FILE", "tee FILE < /dev/null > /dev/null")) {
            Files.writeString(file, "precious\n");
            var r = gw.hoop("exec", "shell", "--", line.replace("FILE", file.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("precious\n", Files.readString(file), "emptied: " + line);
        }
        var copy = gw.hoop("exec", "shell", "--", "dd if=" + file + " of=" + dir + "/copy.txt status=none && cat " + dir + "/copy.txt");
        assertEquals("precious\n", copy.out(), copy.err());
    }

    /**
     * Tools that write nothing over a file (sed -i dropping every line, sort -o of nothing, a decompressor of an empty
     * input), and git commands losing commits that no other ref holds (a force push, a remote branch deleted, an
     * unmerged branch deleted): the destroys-data flag missed each, and bash emptied the file or lost the commits.
     */
    @Test
    void toolsWritingNothingAndLostBranchesDestroyData() throws Exception {
        restartWithRules("{ name: destructive, action: deny, match: { flags: [destroys-data] } }");
        Path file = dir.resolve("kept.txt");
        for (String line : List.of("sed -i d FILE", "sort -o FILE /dev/null", ": | sort -o FILE", "xz -d < /dev/null > FILE",
                "head -n 0 /etc/hostname > FILE", "sed -n d /etc/hostname > FILE")) {
            Files.writeString(file, "precious\n");
            var r = gw.hoop("exec", "shell", "--", line.replace("FILE", file.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("precious\n", Files.readString(file), "emptied: " + line);
        }
        Path bare = dir.resolve("bare.git");
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", bare.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        for (String[] step : new String[][] {{"commit", "-q", "--allow-empty", "-m", "a"}, {"remote", "add", "origin", bare.toString()},
                {"push", "-q", "origin", "main"}, {"checkout", "-q", "-b", "topic"}, {"commit", "-q", "--allow-empty", "-m", "t"},
                {"push", "-q", "origin", "topic"}, {"checkout", "-q", "--orphan", "other"}, {"commit", "-q", "--allow-empty", "-m", "o"},
                {"checkout", "-q", "main"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("-c", "user.name=t", "-c", "user.email=t@t"));
            args.addAll(List.of(step));
            git(work, args.toArray(String[]::new));
        }
        for (String line : List.of("git push -q --force origin other:main", "git push -q origin +other:main",
                "git push -q origin :topic", "git push -q --delete origin topic", "git branch -D topic")) {
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
        }
        var refs = gw.hoop("exec", "shell", "--", "cd " + work + " && git for-each-ref --format='%(refname) %(subject)'"
                + " refs/heads/topic && git -C " + bare + " log -1 --format=%s main && git -C " + bare + " branch --list topic");
        assertEquals("refs/heads/topic t\na\n  topic\n", refs.out(), refs.err());
    }

    /**
     * git's plumbing under checkout and reset discards uncommitted work as they do (checkout-index -f, read-tree
     * --reset -u), as does removing a worktree by force: the destroys-data flag met the porcelain only.
     */
    @Test
    void gitPlumbingThatDiscardsWorkDestroysData() throws Exception {
        restartWithRules("{ name: destructive, action: deny, match: { flags: [destroys-data] } }");
        Path work = dir.resolve("repo");
        git(dir, "init", "-q", "-b", "main", work.toString());
        Files.writeString(work.resolve("f.txt"), "committed\n");
        git(work, "add", "f.txt");
        git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "f");
        git(work, "worktree", "add", "-q", dir.resolve("wt").toString());
        Files.writeString(dir.resolve("wt").resolve("f.txt"), "work in progress\n");
        for (String line : List.of("git checkout-index -f -a", "git read-tree --reset -u HEAD",
                "git worktree remove --force " + dir.resolve("wt"))) {
            Files.writeString(work.resolve("f.txt"), "work in progress\n");
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertEquals("work in progress\n", Files.readString(work.resolve("f.txt")), "discarded: " + line);
            assertTrue(Files.exists(dir.resolve("wt").resolve("f.txt")), "worktree removed: " + line);
        }
        var status = gw.hoop("exec", "shell", "--", "cd " + work + " && git checkout-index -a; cat f.txt");
        assertEquals("work in progress\n", status.out(), status.err());
    }

    /**
     * In a here-document with an unquoted delimiter a backslash-newline joins lines before the delimiter is looked
     * for: "EO\" then "F" ends it, and the rm after it ran while the analysis read it as the document's text.
     */
    @Test
    void aHereDocumentEndsWhereBashEndsIt() throws Exception {
        for (String line : List.of("cat <<EOF\nEO\\\nF\nrm -rf VICTIM\nEOF", "cat <<-EOF\n\tE\\\nOF\nrm -rf VICTIM\nEOF")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
        var plain = gw.hoop("exec", "shell", "--", "cat <<EOF\nEO\\\\\\\nF\nrm -rf /nonexistent\nEOF");
        assertEquals("EO\\F\nrm -rf /nonexistent\n", plain.out(), plain.err());
    }

    /**
     * tar's and make's ways of running a command reached otherwise than by their exact spelling: an abbreviated long
     * option (--to-com, --checkpoint-ac), options read from TAR_OPTIONS or MAKEFLAGS, and make's SHELL and
     * .SHELLFLAGS variables set on its command line, through which any makefile's recipe runs. Each ran rm unseen.
     */
    @Test
    void commandOptionsSpelledOtherwiseAreUnknown() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("f.txt"), "x\n");
        Files.writeString(work.resolve("Makefile"), "all:\n\t@echo built\n");
        Process tar = new ProcessBuilder("tar", "cf", "a.tar", "f.txt").directory(work.toFile()).start();
        assertEquals(0, tar.waitFor());
        for (String line : List.of("tar xf a.tar --to-com='rm -rf VICTIM'",
                "tar cf /dev/null --checkpoint=1 --checkpoint-ac=exec='rm -rf VICTIM' f.txt",
                "TAR_OPTIONS='--to-command=rm\\ -rf\\ VICTIM' tar xf a.tar",
                "make SHELL=/bin/rm .SHELLFLAGS='-rf VICTIM'", "MAKEFLAGS='SHELL=/bin/rm .SHELLFLAGS=-rf\\ VICTIM' make")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            String run = "cd " + work + " && " + line.replace("VICTIM", victim.getParent().toString());
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + run);
        }
        var plain = gw.hoop("exec", "shell", "--", "cd " + work + " && MAKEFLAGS=-s make && tar tf a.tar --checkpoint=1");
        assertEquals("built\nf.txt\n", plain.out(), plain.err());
    }

    /**
     * Interpreters given a script file are judged as running that file, but python -i, perl -d and python -m timeit,
     * code, asyncio or pdb also run code from their command line or standard input: the rm there ran unseen.
     */
    @Test
    void interpretersReadingCodeBesideTheirScriptAreUnknown() throws Exception {
        for (String line : List.of("python3 -m timeit -n1 -r1 'import shutil; shutil.rmtree(\"VICTIM\")'",
                "python3 -i /dev/null <<< 'import shutil; shutil.rmtree(\"VICTIM\")'",
                "python3 -m code <<< 'import shutil; shutil.rmtree(\"VICTIM\")'",
                "perl -d /dev/null <<< 'system(\"rm -rf VICTIM\")'")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
        var plain = gw.hoop("exec", "shell", "--", "python3 -u -m json.tool <<< '[1]'");
        assertEquals("[\n    1\n]\n", plain.out(), plain.err());
    }

    /**
     * A wrapper's long option that takes the next word as its value, missing from what hoop knew of the wrapper: the
     * value was taken for the program ("private", "5") and the rm after it ran unseen.
     */
    @Test
    void aWrappersOptionValueIsNotItsCommand() throws Exception {
        for (String line : List.of("unshare --propagation unchanged rm -rf VICTIM",
                "strace --string-limit 5 -o /dev/null rm -rf VICTIM", "strace --env X=1 -o /dev/null rm -rf VICTIM")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
        var plain = gw.hoop("exec", "shell", "--", "timeout --foreground 5 setsid --wait echo ok");
        assertEquals("ok\n", plain.out(), plain.err());
    }

    /**
     * Options and subcommands computed when the line runs: a command substitution, a variable read from input or set
     * by a loop, a function body run after a later assignment, an array, what xargs appends. Each was judged by the
     * words as written (rm with no options, git with no subcommand), and bash ran rm -rf / git push.
     */
    @Test
    void argumentsComputedAtRunTimeMeetTheRuleOnTheirProgram() throws Exception {
        for (String line : List.of("rm $(echo -rf) VICTIM", "o=$(printf -- -rf); rm \"$o\" VICTIM",
                "read o <<< -rf; rm $o VICTIM", "for o in -x -rf; do rm $o VICTIM; done 2>/dev/null",
                "f(){ rm $o VICTIM; }; o=-rf; f", "o=(-rf VICTIM); rm \"${o[@]}\"", "echo -rf | xargs rm VICTIM",
                "echo -r; rm $_ -f VICTIM", "o=x-rf; rm ${o#x} VICTIM")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
    }

    @Test
    void aSubcommandComputedAtRunTimeMeetsTheRuleOnIt() throws Exception {
        Path bare = dir.resolve("bare.git");
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", bare.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x");
        for (String line : List.of("git $(echo push) -q BARE main", "echo push -q BARE main | xargs git")) {
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line.replace("BARE", bare.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.push"), line + " -> " + r.err());
            assertTrue(Files.notExists(bare.resolve("refs/heads/main")), "pushed: " + line);
        }
    }

    /**
     * kubectl's own options before its subcommand take a value (-n prod, --server URL): the value was taken for the
     * subcommand, so "kubectl delete*" missed the call and kubectl sent it (a local HTTP server stands in for the API
     * server and counts what reaches it).
     */
    @Test
    void aValueOfAnOptionBeforeTheSubcommandIsNotTheSubcommand() throws Exception {
        var hits = new java.util.concurrent.atomic.AtomicInteger();
        var api = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", x -> {
            hits.incrementAndGet();
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        api.start();
        try {
            String server = "http://127.0.0.1:" + api.getAddress().getPort();
            for (String line : List.of("kubectl --server " + server + " -n prod delete pod web",
                    "kubectl -s " + server + " --insecure-skip-tls-verify delete pod web")) {
                var r = gw.hoop("exec", "shell", "--", line);
                assertEquals(3, r.exit(), line + " -> " + r.err());
                assertTrue(r.err().contains("guard.cluster"), line + " -> " + r.err());
            }
            assertEquals(0, hits.get(), "kubectl reached the API server");
            var get = gw.hoop("exec", "shell", "--", "kubectl --server " + server + " -n prod get pods 2>/dev/null");
            assertTrue(get.exit() != 3 && hits.get() > 0, "kubectl get is not a delete: " + get.err());
        } finally {
            api.stop(0);
        }
    }

    /**
     * A configuration file the line writes whose entries run commands: a kubeconfig's exec credential plugin, the aws
     * CLI's credential_process. kubectl and aws were judged by their words and ran rm from the file.
     */
    @Test
    void aConfigurationTheLineWritesRunsItsCommands() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        String kubeconfig = "cat > k.yaml <<'EOF'\napiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]\n"
                + "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: rm,"
                + " args: ['-rf', 'VICTIM'], interactiveMode: Never}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n"
                + "current-context: x\nEOF\n";
        for (String line : List.of(kubeconfig + "kubectl --kubeconfig k.yaml get pods",
                kubeconfig + "KUBECONFIG=$PWD/k.yaml kubectl get pods",
                "printf '[default]\\ncredential_process = rm -rf VICTIM\\n' > c.ini && AWS_CONFIG_FILE=c.ini aws s3 ls")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            String run = "cd " + work + " && " + line.replace("VICTIM", victim.getParent().toString());
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.err());
            assertTrue(r.err().contains("which this line writes"), run + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + run);
        }
    }

    /** A runner's own options before its subcommand hid the command it runs: npm --silent exec -- rm ran rm. */
    @Test
    void aRunnersOwnOptionsBeforeItsSubcommandDoNotHideItsCommand() throws Exception {
        for (String line : List.of("npm --silent exec -- rm -rf VICTIM", "npm --loglevel silent exec -- rm -rf VICTIM")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            String run = "cd " + dir + " && " + line.replace("VICTIM", victim.getParent().toString()) + " < /dev/null";
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.err());
            assertTrue(r.err().contains("guard.destructive"), run + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + run);
        }
        var plain = gw.hoop("exec", "shell", "--", "cd " + dir + " && npm --silent exec -- echo ok < /dev/null");
        assertEquals("ok\n", plain.out(), plain.err());
    }

    /**
     * The command a container or cluster CLI runs: "kubectl -n prod exec" and "docker -H host exec" hid it behind the
     * CLI's own options, and "docker run" (which mounts what the host gives it), "kubectl run" and "kubectl debug" were
     * not read at all. Each reached its server (a local HTTP server stands in for the API server and the docker daemon,
     * counting requests) to run rm in a container.
     */
    @Test
    void aContainerCommandIsJudgedWhateverStandsBeforeItsVerb() throws Exception {
        var hits = new java.util.concurrent.atomic.AtomicInteger();
        var api = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", x -> {
            hits.incrementAndGet();
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        api.start();
        try {
            String server = "http://127.0.0.1:" + api.getAddress().getPort();
            String daemon = "tcp://127.0.0.1:" + api.getAddress().getPort();
            for (String line : List.of("kubectl --server " + server + " -n prod exec web -- rm -rf /srv",
                    "kubectl -s " + server + " run x --image=alpine --restart=Never -- rm -rf /srv",
                    "kubectl -s " + server + " debug node/n --image=alpine -- rm -rf /host/srv",
                    "docker -H " + daemon + " exec web rm -rf /srv",
                    "docker -H " + daemon + " run --rm -v /srv:/h alpine rm -rf /h")) {
                var r = gw.hoop("exec", "shell", "--", line + " 2>/dev/null");
                assertEquals(3, r.exit(), line + " -> " + r.err());
                assertTrue(r.err().contains("guard.destructive"), line + " -> " + r.err());
                assertEquals(0, hits.get(), "reached the server: " + line);
            }
            var ls = gw.hoop("exec", "shell", "--", "docker -H " + daemon + " exec web ls 2>/dev/null");
            assertTrue(ls.exit() != 3 && hits.get() > 0, "docker exec of ls is no rm: " + ls.err());
        } finally {
            api.stop(0);
        }
    }

    /**
     * Relative paths are inside the directory the command runs in: the gateway's own at first, then where a cd, a
     * $CDPATH lookup or a wrapper's own option (env -C) took it. With nothing known about the start, "cd ../../..;
     * cat tmp/x/secret.txt" and "env -C DIR cat secret.txt" read the file past a rule on its absolute path.
     */
    @Test
    void relativePathsAreJudgedWhereTheCommandRuns() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("secret.txt"), "the-secret-value\n");
        denyReading(secrets.resolve("secret.txt"));
        String fromRoot = secrets.toString().substring(1);
        for (String line : List.of("cd " + "../".repeat(30) + " && cat " + fromRoot + "/secret.txt",
                "cd ..; ".repeat(30) + "cat " + fromRoot + "/secret.txt",
                "cat /proc/self/cwd/" + "../".repeat(30) + fromRoot + "/secret.txt",
                "env -C " + secrets + " cat secret.txt", "env --chdir=" + secrets + " -- cat ./secret.txt",
                "CDPATH=" + secrets.getParent() + "; cd secrets >/dev/null && cat secret.txt",
                "cd " + secrets + " && cat secr*.txt", "env -C " + secrets + " cat s?cret.txt")) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(3, r.exit(), line + " -> " + r.out() + r.err());
            assertTrue(r.err().contains("guard.secret"), line + " -> " + r.err());
        }
        var elsewhere = gw.hoop("exec", "shell", "--", "env -C " + secrets + " true; cat secret.txt 2>/dev/null; echo ran");
        assertEquals("ran\n", elsewhere.out(), "env -C moves only its own command: " + elsewhere.err());
    }

    /**
     * Assignments the analysis did not read as assignments: read, printf -v, a loop variable, a name computed at run
     * time, a name reference; bash's command tables (BASH_CMDS, BASH_ALIASES), which make a name run another program;
     * a prompt set from a variable; and arithmetic (also array subscripts and substring offsets) evaluating a value
     * that spells a command substitution. Each ran the planted program or rm while the line was judged as allowed.
     */
    @Test
    void variablesSetOtherwiseThanByAnAssignmentAreJudged() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path marker = dir.resolve("ran");
        Files.writeString(bin.resolve("ls"), "#!/bin/sh\n/usr/bin/touch " + marker + "\n");
        bin.resolve("ls").toFile().setExecutable(true);
        String path = bin + ":/usr/bin:/bin";
        for (String line : List.of("read PATH <<< " + path + "; ls", "printf -v PATH %s " + path + "; ls",
                "for PATH in " + path + "; do ls; done", "n=PATH; declare \"$n=" + path + "\"; ls",
                "declare -n p=PATH; p=" + path + "; ls", "BASH_CMDS[ls]=" + bin + "/ls; ls",
                "printf -v 'BASH_CMDS[ls]' %s " + bin + "/ls; ls",
                "shopt -s expand_aliases; BASH_ALIASES[ls]=" + bin + "/ls\nls",
                "x='$(" + bin + "/ls)'; PS4=$x; set -x; :",
                "read x <<< 'a[$(" + bin + "/ls)]'; echo $((x))", "x='a[$(" + bin + "/ls)]'; echo ${y[x]}",
                "x=$(echo 'a[$(" + bin + "/ls)]'); s=abc; echo ${s:x}")) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("unknown"), line + " -> " + r.err());
            assertTrue(Files.notExists(marker), "ran: " + line);
        }
        var ok = gw.hoop("exec", "shell", "--", "n=$(printf 'a\\nb\\n' | wc -l); a=(x y); echo \"$n ${a[1]} ${a[@]}\";"
                + " export -n PATH; read -r v <<< ok; echo $v");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("2 y x y\nok\n", ok.out());
    }

    /**
     * Programs that run a command given as an option's value (split --filter, scp/sftp -o ProxyCommand, git clone -c
     * core.sshCommand) or read from a file or standard input: each ran the marker command while judged a plain copy,
     * split or clone.
     */
    @Test
    void programsThatRunACommandFromAnOptionAreUnknown() throws Exception {
        Path marker = dir.resolve("ran");
        Path input = Files.writeString(dir.resolve("in.txt"), "x\n");
        String touch = "touch " + marker;
        for (String line : List.of("cd " + dir + " && split --filter='" + touch + "' in.txt",
                "scp -o 'ProxyCommand " + touch + "' " + input + " nohost:x", "scp -oProxyCommand='" + touch + "' " + input
                        + " nohost:x", "sftp -o ProxyCommand='" + touch + "' nohost </dev/null",
                "git clone -q -c core.sshCommand='" + touch + " #' nohost:r " + dir.resolve("clone"),
                "git clone -q --config=core.sshCommand='" + touch + " #' nohost:r " + dir.resolve("clone"),
                "printf 'x:\\n\\t" + touch + "\\n' | make -s -f - x")) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("unknown"), line + " -> " + r.err());
            assertTrue(Files.notExists(marker), "ran: " + line);
        }
        var ok = gw.hoop("exec", "shell", "--", "cd " + dir + " && split -l 1 in.txt part. && cat part.aa");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("x\n", ok.out());
    }

    /**
     * A wrapper's own option naming a file it reads (xargs -a prints the words it reads) or writes (strace -o, GNU
     * time -o): the wrapper was not judged as a command of its own, so neither the read nor the write met a rule.
     */
    @Test
    void filesAWrapperReadsOrWritesItselfAreJudged() throws Exception {
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("secret.txt"), "the-secret\n");
        Path kept = Files.createDirectories(dir.resolve("kept"));
        restartWithRules("{ name: secret, action: deny, match: { argv: [\"* " + secret + "*\"] } }",
                "{ name: kept, action: deny, match: { argv: [\"> " + kept + "/*\"] } }");
        for (String line : List.of("xargs -a " + secret + " echo", "xargs --arg-file=" + secret + " echo",
                "strace -o " + kept + "/x -e trace=none true", "/usr/bin/time -o " + kept + "/x true")) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(3, r.exit(), line + " -> " + r.out() + r.err());
            assertTrue(Files.notExists(kept.resolve("x")), "written: " + line);
        }
        var ok = gw.hoop("exec", "shell", "--", "printf 'a b\\n' > " + dir + "/w.txt; xargs -a " + dir + "/w.txt echo");
        assertEquals("a b\n", ok.out(), ok.err());
    }

    /**
     * GNU sed's e command behind an address the text match did not know (0~1, 1,+1, \,x,!, /x/I!), after an option
     * taking a value (-l 5), or as s///e with spaced flags ran rm; its w and r commands wrote and read files no rule
     * on them met.
     */
    @Test
    void sedScriptsAreReadAsSedReadsThem() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "one line\n");
        for (String line : List.of("sed '0~1e rm -rf VICTIM' IN", "sed -n '1,+1e rm -rf VICTIM' IN",
                "sed '\\,x,!e rm -rf VICTIM' IN", "sed -l 5 '1e rm -rf VICTIM' IN", "sed 's/.*/rm -rf VICTIM/ g e' IN")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            String run = line.replace("VICTIM", victim.getParent().toString()).replace("IN", input.toString());
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + run);
        }
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("secret.txt"), "the-secret\n");
        Path kept = Files.createDirectories(dir.resolve("kept"));
        restartWithRules("{ name: secret, action: deny, match: { argv: [\"* " + secret + "*\"] } }",
                "{ name: kept, action: deny, match: { argv: [\"> " + kept + "/*\"] } }");
        for (String line : List.of("sed -n '1r" + secret + "' " + input, "sed -n 's/one/two/w " + kept + "/x' " + input,
                "sed -n '$W " + kept + "/x' " + input)) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(3, r.exit(), line + " -> " + r.out() + r.err());
            assertTrue(!r.out().contains("the-secret") && Files.notExists(kept.resolve("x")), "ran: " + line);
        }
        var ok = gw.hoop("exec", "shell", "--", "sed -e 's/[/]/x/;s/one/two/w /dev/stdout' -e '1~2{p;}' " + input);
        assertEquals("two line\ntwo line\ntwo line\n", ok.out(), ok.err());
    }

    /**
     * A program named by a path outside the system's program directories is whatever that file holds: a copy or link
     * of rm made in the same line ran as "x" or "ls", which no rule on rm met.
     */
    @Test
    void aProgramFileOutsideTheSystemDirectoriesIsUnknown() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String line : List.of("cp /bin/rm BIN/x; BIN/x -rf VICTIM", "ln -sf /bin/rm BIN/ls && BIN/ls -rf VICTIM",
                "cat /bin/rm > BIN/y; chmod +x BIN/y; BIN/y -rf VICTIM", "cd BIN && cp /bin/rm z && ./z -rf VICTIM")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            String cmd = line.replace("BIN", bin.toString()).replace("VICTIM", victim.getParent().toString());
            var r = gw.hoop("exec", "shell", "--", cmd);
            assertEquals(3, r.exit(), cmd + " -> " + r.err());
            assertTrue(r.err().contains("no system program"), cmd + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm ran: " + cmd);
        }
        var ok = gw.hoop("exec", "shell", "--", "/usr/bin/env true && /bin/echo fine");
        assertEquals("fine\n", ok.out(), ok.err());
    }

    /**
     * A project's script run by its path was unknown with no command to name, so no rule could let it run: a rule of
     * kind unknown naming the file now does, and its output comes back. What it does not name still stays unknown:
     * another command in the line (judged on its own), a substitution that is unknown itself, another file of that
     * name, the same words after a cd, the file given to a shell, or the file written in the same line.
     */
    @Test
    void aRuleNamingAProjectScriptLetsItRunAndNothingElse() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path other = Files.createDirectories(dir.resolve("other"));
        Path marker = dir.resolve("ran");
        script(project.resolve("gradlew"), "echo \"built $*\"\n");
        script(other.resolve("gradlew"), "/usr/bin/touch " + marker + "\n");
        var before = gw.hoop("exec", "shell", "--", project + "/gradlew build");
        assertEquals(3, before.exit(), before.err());
        assertTrue(before.err().contains("no system program"), before.err());
        restartWithRules("{ name: build, action: allow, match: { kind: [unknown], argv: [\"" + project + "/gradlew *\"] } }",
                "{ name: destructive, action: deny, match: { argv: [\"rm -rf *\"] } }");
        var r = gw.hoop("exec", "shell", "--", project + "/gradlew build --info");
        assertEquals(0, r.exit(), r.err());
        assertEquals("built build --info\n", r.out());
        Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
        for (String line : List.of("P/gradlew build; rm -rf " + victim.getParent(), "P/gradlew $(eval \"$X\")",
                "O/gradlew build", "cd O && ./gradlew build", "cd P/../other && ./gradlew build", "P/../other/gradlew build",
                "bash O/gradlew build", "sh -c 'O/gradlew build'", "sudo -n O/gradlew build", "env O/gradlew build",
                "cp O/gradlew P/gradlew; P/gradlew build", "ln -sf O/gradlew P/gradlew && P/gradlew build")) {
            String cmd = line.replace("P/", project + "/").replace("O/", other + "/");
            var refused = gw.hoop("exec", "shell", "--", cmd);
            assertEquals(3, refused.exit(), cmd + " -> " + refused.out() + refused.err());
            assertTrue(Files.notExists(marker), "ran: " + cmd);
            assertTrue(Files.exists(victim), "rm ran: " + cmd);
        }
        assertEquals("built build --info\n", gw.hoop("exec", "shell", "--", project + "/gradlew build --info").out(),
                "the refused lines left the project's script as it was");
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body);
        assertTrue(file.toFile().setExecutable(true));
    }

    /** A command walking a directory reads every file under it: a rule on one of them meets it. */
    @Test
    void aDirectoryWalkedRecursivelyHoldsTheRuledFile() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("secret.txt"), "the-secret-value\n");
        Files.writeString(secrets.resolve("notes.txt"), "notes\n");
        denyReading(secrets.resolve("secret.txt"));
        for (String line : List.of("grep -r secret " + secrets, "cp -r " + secrets + " " + dir + "/copy && cat " + dir
                + "/copy/secret.txt", "tar -cf - " + secrets + " 2>/dev/null | tar -xOf -", "cd " + dir + " && grep -R value .")) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(3, r.exit(), line + " -> " + r.out() + r.err());
            assertTrue(r.err().contains("guard.secret"), line + " -> " + r.err());
        }
        var ok = gw.hoop("exec", "shell", "--", "grep -h notes " + secrets + "/notes.txt; ls " + secrets + " | wc -l");
        assertEquals("notes\n2\n", ok.out(), ok.err());
    }

    /** Ordinary lines that compute arguments still run: the computed words cannot be what the rules name. */
    @Test
    void ordinaryComputedArgumentsStillRun() throws Exception {
        Path f = Files.writeString(dir.resolve("a.tmp"), "x");
        var r = gw.hoop("exec", "shell", "--", "for f in " + dir + "/*.tmp; do rm -f \"$f\"; done; echo $(echo done)"
                + " | xargs echo; git --version | xargs echo >/dev/null");
        assertEquals(0, r.exit(), r.err());
        assertEquals("done\n", r.out());
        assertTrue(Files.notExists(f));
    }

    /**
     * git spelled so that the rule on its subcommand missed it: the subcommand run as its own program from git's exec
     * path (git-push), an alias a file write defined (no rule can see what an alias runs), an option abbreviated as
     * git accepts it (--har is --hard), and a clean without -f that configuration or -i lets delete. Each ran.
     */
    @Test
    void gitSpelledOtherwiseMeetsTheRuleOnWhatItRuns() throws Exception {
        restartWithRules("{ name: push, action: deny, match: { argv: [\"git push*\"] } }",
                "{ name: reset, action: deny, match: { argv: [\"git reset --hard*\", \"git clean -f *\"] } }");
        Path bare = dir.resolve("bare.git");
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", bare.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x");
        String execPath = new String(new ProcessBuilder("git", "--exec-path").start().getInputStream().readAllBytes()).strip();
        for (String line : List.of(execPath + "/git-push -q BARE main",
                "printf '[alias]\\n\\tp = push\\n' >> .git/config && git p -q BARE main", "git send-pack BARE main",
                execPath + "/git-send-pack BARE main")) {
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line.replace("BARE", bare.toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(Files.notExists(bare.resolve("refs/heads/main")), "pushed: " + line);
        }
        Path tracked = Files.writeString(work.resolve("f.txt"), "kept");
        git(work, "add", "f.txt");
        git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "f");
        Path untracked = work.resolve("u.txt");
        for (String line : List.of("git reset --har HEAD~1", "git -c clean.requireForce=false clean -d", "echo c | git clean -i")) {
            Files.writeString(untracked, "kept");
            var r = gw.hoop("exec", "shell", "--", "cd " + work + " && " + line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(r.err().contains("guard.reset"), line + " -> " + r.err());
            assertTrue(Files.exists(tracked) && Files.exists(untracked), "files removed: " + line);
        }
        var dry = gw.hoop("exec", "shell", "--", "cd " + work + " && git clean -n && git status --short");
        assertEquals(0, dry.exit(), dry.err());
    }

    /**
     * Standard input under hoop exec is the agent's, never a terminal: vi reads it as typed keys (":!cmd" runs cmd) and
     * gdb as its commands ("shell cmd"). Judged by their arguments alone, both ran a command no rule saw.
     */
    @Test
    void programsReadingCommandsFromStandardInputAreUnknown() throws Exception {
        Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "notes\n");
        for (String[] run : new String[][] {{"vi " + notes, ":!rm -rf " + victim.getParent() + "\n:q!\n"},
                {"gdb -q -nx", "shell rm -rf " + victim.getParent() + "\nquit\n"}}) {
            var r = gw.hoopWithInput(new java.io.ByteArrayInputStream(run[1].getBytes()), "exec", "shell", "--", run[0]);
            assertEquals(3, r.exit(), run[0] + " -> " + r.err());
            assertTrue(Files.exists(victim), "the command read from standard input ran: " + run[0]);
        }
    }

    /**
     * A script run by sh (dash here), as "sh -c", git -x and system(3) run theirs: dash reads &> as & and a redirection
     * and (( as two subshells, where bash (whose grammar hoop follows) reads a redirected echo and arithmetic. The rm
     * after them ran unseen.
     */
    @Test
    void scriptsReadByShAreJudgedWhereShReadsThemOtherwise() throws Exception {
        for (String line : List.of("sh -c 'echo hi &>/dev/null rm -rf VICTIM'", "sh -c '((rm -rf VICTIM))'")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            Thread.sleep(300); // the backgrounded part would still be running
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
        var plain = gw.hoop("exec", "shell", "--", "sh -c 'echo $((1 + 2))'");
        assertEquals("3\n", plain.out(), plain.err());
    }

    /**
     * A value bash takes as a variable's name has its subscript evaluated, command substitutions included: "${!x}",
     * "[[ -v $x ]]", "test -v $x" and "unset $x" with x = 'a[$(rm -rf DIR)]' ran rm, where the analysis saw an echo or
     * a test.
     */
    @Test
    void aValueTakenAsAVariablesNameIsNotData() throws Exception {
        for (String line : List.of("x='a[$(rm -rf VICTIM)]'; echo ${!x}", "x='a[$(rm -rf VICTIM)]'; [[ -v $x ]]",
                "x='a[$(rm -rf VICTIM)]'; test -v \"$x\"", "x='a[$(rm -rf VICTIM)]'; declare -a a; unset \"$x\"",
                "x=$(printf 'a[%s(rm -rf VICTIM)]' '$'); : \"${!x:-}\"")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
        var plain = gw.hoop("exec", "shell", "--", "n=USER; USER=me; [[ -v $n ]] && echo ${!n}");
        assertEquals("me\n", plain.out(), plain.err());
    }

    /**
     * Arithmetic text bash expands as one string, where quotes do not quote and a $'...' is decoded first and what it
     * spells expanded (bash 5.2): "(( $'\\x24(rm -rf DIR)' ))", ${s:$'..'} and ${a[@]:'$(rm -rf DIR)'} (subscripts,
     * offsets and lengths of ${..} are arithmetic) ran rm while the analysis saw a string; and wait -p or printf -v with
     * the name computed ("-v$x") evaluated the subscript x's value spells. Each deleted DIR through hoop exec.
     */
    @Test
    void arithmeticTextBashExpandsAgainIsJudged() throws Exception {
        for (String line : List.of("(( $'\\x24(rm -rf VICTIM)' ))", "echo $[ $'\\x60rm -rf VICTIM\\x60' ]",
                "for (( i=$'\\x24(rm -rf VICTIM)'; 0; )); do :; done", "s=1; echo \"${s:$'\\x24(rm -rf VICTIM)'}\"",
                "a=(1 2); echo ${a[@]:'$(rm -rf VICTIM)'}", "a=(1 2); echo ${#a['$(rm -rf VICTIM)']}",
                "s=1; echo ${s: -1:'$(rm -rf VICTIM)'}", "sleep 0 & x='a[$(rm -rf VICTIM)]'; wait -p \"$x\" -n",
                "x='a[$(rm -rf VICTIM)]'; printf -v\"$x\" 1")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
        var plain = gw.hoop("exec", "shell", "--", "declare -A m=([k]=v); s=abcdef; a=(x y z); echo \"${m['k']}\" ${s:2:2}"
                + " \"${a[@]:1}\" ${u:-'$(x)'}");
        assertEquals("v cd y z $(x)\n", plain.out(), plain.err());
    }

    /**
     * A builtin taking a variable's name after an option (printf -v, wait -p, test -v) with the option word computed:
     * bash reads the expanded word as the option, so the next word is a name whose subscript is evaluated, or a
     * variable set ("o=-v; printf $o PATH ..." put a directory first in PATH). Each ran rm or the planted ls.
     */
    @Test
    void aComputedOptionOfABuiltinTakingANameIsJudged() throws Exception {
        for (String line : List.of("o=-v; x='a[$(rm -rf VICTIM)]'; printf $o \"$x\" 1",
                "read o <<< -p; sleep 0 & x='a[$(rm -rf VICTIM)]'; wait -n $o \"$x\"",
                "o=-v; x='a[$(rm -rf VICTIM)]'; test $o \"$x\"")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            var r = gw.hoop("exec", "shell", "--", line.replace("VICTIM", victim.getParent().toString()));
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + line);
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path marker = dir.resolve("ran");
        Files.writeString(bin.resolve("ls"), "#!/bin/sh\n/usr/bin/touch " + marker + "\n");
        bin.resolve("ls").toFile().setExecutable(true);
        var planted = gw.hoop("exec", "shell", "--", "o=-v; printf $o PATH %s " + bin + ":/usr/bin:/bin; ls");
        assertEquals(3, planted.exit(), planted.err());
        assertTrue(Files.notExists(marker), "the planted ls ran");
        var plain = gw.hoop("exec", "shell", "--", "fmt='%s=%s\\n'; x=a; printf \"$fmt\" \"$x\" b; sleep 0 & p=$!; wait \"$p\"");
        assertEquals("a=b\n", plain.out(), plain.err());
    }

    /**
     * git's configuration is a command git runs later: written as a file (not with git config, which is judged), it
     * made "git status" run core.fsmonitor.
     */
    @Test
    void writingGitConfigurationIsUnknown() throws Exception {
        Path work = dir.resolve("repo");
        git(dir, "init", "-q", work.toString());
        Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
        String line = "cd " + work + " && printf '[core]\\n\\tfsmonitor = \"rm -rf " + victim.getParent() + " #\"\\n' >> .git/config"
                + " && git status";
        var r = gw.hoop("exec", "shell", "--", line);
        assertEquals(3, r.exit(), line + " -> " + r.err());
        assertTrue(Files.exists(victim), "core.fsmonitor ran");
        // a git directory named otherwise (its config written as any file), and a bare one written in a later call
        Path other = dir.resolve("other");
        String config = "printf '[core]\\n\\tfsmonitor = \"rm -rf " + victim.getParent() + " #\"\\n' ";
        for (String step : List.of("mkdir -p " + other + "/x/objects " + other + "/x/refs && printf 'ref: refs/heads/main\\n' > "
                + other + "/x/HEAD && " + config + "> " + other + "/x/config; git --git-dir=" + other + "/x --work-tree=" + other
                + " status", "cd " + other + " && GIT_DIR=x git status")) {
            var s = gw.hoop("exec", "shell", "--", step);
            assertEquals(3, s.exit(), step + " -> " + s.err());
            assertTrue(Files.exists(victim), "core.fsmonitor ran: " + step);
        }
        git(dir, "init", "-q", "--bare", dir.resolve("store").toString());
        var b = gw.hoop("exec", "shell", "--", config + ">> " + dir.resolve("store") + "/config");
        assertEquals(3, b.exit(), b.err());
        var ok = gw.hoop("exec", "shell", "--", "git --git-dir=" + work + "/.git --work-tree=" + work + " status --short");
        assertEquals(0, ok.exit(), ok.err());
        // a git directory the same line makes (not on disk when judged): its config written, then git run in it
        Path made = dir.resolve("made");
        String fsmonitor = "printf '[core]\\n\\tfsmonitor = \"rm -rf " + victim.getParent() + " #\"\\n' >> ";
        for (String step : List.of("git init -q --bare " + made + "/x && printf '#!/bin/sh\\nrm -rf " + victim.getParent()
                + "\\n' > " + made + "/x/hooks/reference-transaction && chmod +x " + made + "/x/hooks/reference-transaction && cd "
                + made + "/x && git update-ref refs/tags/t $(echo hi | git hash-object -w --stdin)", "cd " + dir + " && mkdir -p "
                + made + " && git init -q --separate-git-dir=" + made + "/sep wt && " + fsmonitor + made + "/sep/config && cd wt"
                + " && git status")) {
            var s = gw.hoop("exec", "shell", "--", step);
            assertEquals(3, s.exit(), step + " -> " + s.err());
            assertTrue(Files.exists(victim), "the hook or core.fsmonitor ran: " + step);
        }
        var bareOk = gw.hoop("exec", "shell", "--", "git init -q --bare " + made + "/ok && printf 'x=1\\n' >> " + made + "/app.config");
        assertEquals(0, bareOk.exit(), bareOk.err());
    }

    /**
     * An archive whose members are .git/config: unpacked into a work tree, the next git command ran the core.fsmonitor
     * it set, though no word of the line named a git file; so did a tree holding a .git copied over the work tree. The
     * members are read before it runs; one hoop cannot read (standard input) is refused in a work tree, and unpacked
     * elsewhere it runs.
     */
    @Test
    void unpackingGitConfigurationIsUnknown() throws Exception {
        Path work = dir.resolve("repo");
        git(dir, "init", "-q", work.toString());
        Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
        Path src = Files.createDirectories(dir.resolve("src").resolve(".git"));
        Files.writeString(src.resolve("config"), "[core]\n\tfsmonitor = \"rm -rf " + victim.getParent() + " #\"\n");
        Files.copy(work.resolve(".git/HEAD"), src.resolve("HEAD"));
        Path ok = Files.createDirectories(dir.resolve("ok").resolve("d"));
        Files.writeString(ok.resolve("f.txt"), "hi\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        assertEquals(0, new ProcessBuilder("bash", "-c", "tar cf evil.tar -C src .git && tar czf ok.tgz -C ok d && (cd src &&"
                + " zip -qr ../evil.zip .git)").directory(dir.toFile()).start().waitFor());
        for (String line : List.of("cd " + work + " && tar xf " + dir + "/evil.tar && git status --short",
                "unzip -oq " + dir + "/evil.zip -d " + work + "; cd " + work + " && git status --short",
                "cat " + dir + "/evil.tar | tar x -C " + work + " && cd " + work + " && git status --short",
                "tar --transform 's,^d,.git,' -xzf " + dir + "/ok.tgz -C " + work + "; cd " + work + " && git status --short",
                "cd " + work + " && cp -r " + dir + "/src/. . && git status --short")) {
            var r = gw.hoop("exec", "shell", "--", line);
            assertEquals(3, r.exit(), line + " -> " + r.err());
            assertTrue(Files.exists(victim), "core.fsmonitor ran: " + line);
        }
        var plain = gw.hoop("exec", "shell", "--", "tar xzf " + dir + "/ok.tgz -C " + work + " && cat " + dir + "/ok.tgz | tar xz -C "
                + out + " && cat " + out + "/d/f.txt");
        assertEquals(0, plain.exit(), plain.err());
        assertEquals("hi\n", plain.out());
    }

    /**
     * Configuration planted where hoop could not see it (an xz archive, whose members it cannot list, unpacked outside
     * any repository) ran on the next call's "git status": core.fsmonitor deleted the victim. The programs git's
     * configuration and hooks on disk name are now judged before every git command.
     */
    @Test
    void gitConfigurationPlantedUnseenIsJudgedWhenGitRuns() throws Exception {
        Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
        Path src = Files.createDirectories(dir.resolve("src").resolve(".git"));
        git(dir, "init", "-q", dir.resolve("model").toString());
        Files.writeString(src.resolve("config"), "[core]\n\tfsmonitor = \"rm -rf " + victim.getParent() + " #\"\n");
        Files.copy(dir.resolve("model/.git/HEAD"), src.resolve("HEAD"));
        Files.createDirectories(src.resolve("objects"));
        Files.createDirectories(src.resolve("refs"));
        Path out = Files.createDirectories(dir.resolve("out"));
        assertEquals(0, new ProcessBuilder("bash", "-c", "tar cJf evil.txz -C src .git").directory(dir.toFile()).start().waitFor());
        var unpack = gw.hoop("exec", "shell", "--", "cd " + out + " && tar xJf " + dir + "/evil.txz && ls .git");
        assertEquals(0, unpack.exit(), unpack.err());
        var status = gw.hoop("exec", "shell", "--", "cd " + out + " && git status --short");
        assertEquals(3, status.exit(), status.err());
        assertTrue(Files.exists(victim), "core.fsmonitor ran");
        var plain = gw.hoop("exec", "shell", "--", "cd " + dir.resolve("model") + " && git status --short && echo ok");
        assertEquals(0, plain.exit(), plain.err());
    }

    /**
     * A line that writes a file and then runs it through an interpreter or a build tool: python3 was judged as running
     * a project script, make and npm as building one, and each ran the rm the line had just written there.
     */
    @Test
    void aFileTheLineWritesThenRunsIsUnknown() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        for (String line : List.of("printf 'import shutil\\nshutil.rmtree(\"VICTIM\")\\n' > x.py && python3 x.py",
                "echo 'import shutil; shutil.rmtree(\"VICTIM\")' > json.py && python3 -m json.tool /dev/null",
                "printf 'all:\\n\\trm -rf VICTIM\\n' > Makefile && make -s",
                "echo '{\"scripts\":{\"test\":\"rm -rf VICTIM\"}}' > package.json && npm test --silent",
                "echo 'import shutil; shutil.rmtree(\"VICTIM\")' | sort -o x.py && python3 x.py",
                "echo 'import shutil; shutil.rmtree(\"VICTIM\")' | awk '{print > \"x.py\"}' && python3 x.py",
                "mkdir -p SRC && printf 'all:\\n\\trm -rf VICTIM\\n' > SRC/Makefile && tar cf a.tar -C SRC Makefile"
                        + " && tar xf a.tar && make -s")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            String run = "cd " + work + " && " + line.replace("VICTIM", victim.getParent().toString())
                    .replace("SRC", dir.resolve("src").toString());
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.err());
            assertTrue(r.err().contains("which this line writes"), run + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + run);
        }
        // a shell script the line writes is read too: the rule on rm -rf meets it, not only the unknown action
        Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
        for (String line : List.of("echo 'rm -rf VICTIM' > x.sh && bash x.sh", "cat > x.sh <<'EOF'\nls\nrm -rf VICTIM\nEOF\nbash x.sh")) {
            String run = "cd " + work + " && " + line.replace("VICTIM", victim.getParent().toString());
            var script = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, script.exit(), run + " -> " + script.err());
            assertTrue(script.err().contains("guard.destructive"), run + " -> " + script.err());
            assertTrue(Files.exists(victim), "rm -rf ran from x.sh: " + run);
        }
        Files.writeString(work.resolve("Makefile"), "all:\n\t@echo built\n");
        Files.writeString(work.resolve("x.py"), "print('ran')\n");
        var plain = gw.hoop("exec", "shell", "--", "cd " + work + " && echo notes > notes.txt && make -s && python3 x.py");
        assertEquals("built\nran\n", plain.out(), plain.err());
    }

    /**
     * make puts its variables, from its command line or its environment, into the recipes that use them: a makefile
     * saying "$(CC) $(CFLAGS) x.c" ran rm for CC='rm -rf ..', for CFLAGS='-O2; rm -rf ..' and for a $(shell ..) that make
     * expands itself, while the line was judged a plain make.
     */
    @Test
    void makeVariablesRunInRecipes() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("Makefile"), "all:\n\t@$(CC) $(CFLAGS) x.c\n");
        Files.writeString(work.resolve("x.c"), "int main(void) { return 0; }\n");
        for (String line : List.of("make -s CC='rm -rf VICTIM'", "CC='rm -rf VICTIM' make -s",
                "export CC='rm -rf VICTIM'; make -s", "make -s CFLAGS='-O2; rm -rf VICTIM'",
                "make -s CFLAGS='$(shell rm -rf VICTIM)'")) {
            Path victim = Files.createDirectories(dir.resolve("victim").resolve("sub"));
            String run = "cd " + work + " && " + line.replace("VICTIM", victim.getParent().toString());
            var r = gw.hoop("exec", "shell", "--", run);
            assertEquals(3, r.exit(), run + " -> " + r.err());
            assertTrue(Files.exists(victim), "rm -rf ran: " + run);
        }
        var plain = gw.hoop("exec", "shell", "--", "cd " + work + " && make -s CC=echo CFLAGS='-O2 -g'");
        assertEquals("-O2 -g x.c\n", plain.out(), plain.err());
    }

    static void git(Path cwd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    /** The gateway again, with a shell connection whose one rule denies any command naming this file. */
    private void denyReading(Path file) throws Exception {
        restartWithRules("{ name: secret, action: deny, match: { argv: [\"* " + file + "*\"] } }");
    }

    /** The gateway again, with a shell connection judged by these rules (flow-style YAML) alone. */
    private void restartWithRules(String... rules) throws Exception {
        gw.close();
        gw = new TestGateway(dir.resolve("home2"), TestGateway.config("""
                connections:
                  - { name: shell, type: command, command: [bash, -c], policies: [guard] }
                policies:
                  guard:
                    default: allow
                    unknown: deny
                    rules:
                """ + String.join("", java.util.Arrays.stream(rules).map(r -> "      - " + r + "\n").toList())), Map.of());
    }
}
