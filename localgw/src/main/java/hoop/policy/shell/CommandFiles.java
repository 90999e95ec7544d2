package hoop.policy.shell;

import java.util.regex.Pattern;

/**
 * Files that other programs read commands from, later and unseen: ssh's config (ProxyCommand, LocalCommand), a
 * kubeconfig (a user's exec credential plugin), the aws CLI's config (credential_process), npm's .npmrc (script-shell),
 * a shell's startup files, cargo's and gradle's init files, python's .pth and customize modules, gdb's, psql's and
 * sqlite's startup files, crontabs, systemd units, apt hooks, /etc/ld.so.preload. Writing one is as good as running the
 * command it names, in this line or a later one: "printf 'Host *\n ProxyCommand rm -rf d\n' > ~/.ssh/config; ssh h"
 * ran rm here. As with git's configuration (see {@link GitFiles}), a line that writes one is unknown.
 */
final class CommandFiles {
    private CommandFiles() {
    }

    /** Under the home directory, spelled from ~. */
    private static final Pattern HOME_FILES = Pattern.compile("~/(\\.ssh/(config|rc|environment)(\\.d/.*)?|\\.ssh/config\\.d/.*"
            + "|\\.kube(/.*)?|\\.aws/config|\\.docker/config\\.json|\\.npmrc|\\.yarnrc(\\.yml)?|\\.config/yarn/.*"
            + "|\\.bunfig\\.toml|\\.bashrc|\\.bash_profile|\\.bash_login|\\.bash_logout|\\.profile|\\.zshenv|\\.zshrc"
            + "|\\.zprofile|\\.zlogin|\\.zlogout|\\.config/fish(/.*)?|\\.cargo/config(\\.toml)?|\\.gradle/(init\\.gradle"
            + "(\\.kts)?|init\\.d(/.*)?|gradle\\.properties)|\\.mavenrc|\\.local/lib/python[^/]*/site-packages(/.*)?"
            + "|\\.config/systemd(/.*)?|\\.config/autostart(/.*)?|\\.config/environment\\.d(/.*)?|\\.pam_environment"
            + "|\\.config/nvim(/.*)?|\\.vimrc|\\.vim(/.*)?|\\.exrc|\\.emacs(\\.d/.*|\\.el)?|\\.gdbinit|\\.lldbinit"
            + "|\\.psqlrc|\\.sqliterc|\\.my\\.cnf|\\.terraformrc|\\.tmux\\.conf|\\.screenrc)");
    /** System-wide. */
    private static final Pattern SYSTEM_FILES = Pattern.compile("/etc/(ssh/ssh_config(\\.d/.*)?|profile(\\.d/.*)?"
            + "|bash\\.bashrc|bashrc|environment|zsh/.*|zshenv|zshrc|ld\\.so\\.preload|ld\\.so\\.conf(\\.d/.*)?|cron.*"
            + "|anacrontab|systemd/.*|rc\\.local|init\\.d/.*|npmrc|apt/apt\\.conf(\\.d/.*)?|gdb/.*|psqlrc"
            + "|udev/rules\\.d/.*|security/pam_env\\.conf|crontab)"
            + "|/var/spool/cron/.*|/(usr/)?lib/systemd/.*|/usr/(local/)?lib/python[^/]*/(site|dist)-packages/.*\\.pth"
            + "|.*/(sitecustomize|usercustomize)\\.py|.*/site-packages/[^/]*\\.pth");

    /**
     * Directories programs are found in by name (the system's and a user's PATH, git's exec path, CLI plugin
     * directories): "cp /bin/rm /usr/local/bin/ls; ls -rf d" ran rm, /usr/local/bin coming first in PATH.
     */
    private static final Pattern PROGRAM_DIRS = Pattern.compile("(/usr(/local)?)?/s?bin|/usr(/local)?/games|/snap/bin"
            + "|/usr/(lib|libexec)/git-core|/usr/(local/)?(lib|libexec)/docker/cli-plugins|~/\\.local/bin|~/bin"
            + "|~/\\.docker/cli-plugins|~/\\.krew/bin|~/\\.cargo/bin|~/go/bin|~/\\.npm-global/bin|~/\\.deno/bin"
            + "|~/\\.bun/bin|~/\\.volta/bin|~/\\.pyenv/shims|~/\\.rbenv/shims|~/\\.asdf/shims|~/\\.nix-profile/bin");

    /** Whether a written path is in (or is) a directory programs are run from by name; home: where ~ is. */
    static boolean programDirectory(String path, String home) {
        if (path == null) {
            return false;
        }
        String n = PathNormalizer.normalize(path);
        for (String p : new String[] {n, n.startsWith("~/") ? null : PathNormalizer.fromHome(n, home)}) {
            if (p != null && (PROGRAM_DIRS.matcher(p).matches() || p.contains("/")
                    && PROGRAM_DIRS.matcher(p.substring(0, p.lastIndexOf('/'))).matches())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a written path (absolute, relative or from ~) is such a file; userHome: where ~ is. */
    static boolean names(String path, String userHome) {
        if (path == null) {
            return false;
        }
        String n = PathNormalizer.normalize(path);
        String home = n.startsWith("~/") ? n : PathNormalizer.fromHome(n, userHome);
        String absolute = n.startsWith("~/") ? PathNormalizer.underHome(n, userHome) : null;
        return home != null && HOME_FILES.matcher(home).matches() || SYSTEM_FILES.matcher(n).matches()
                || absolute != null && SYSTEM_FILES.matcher(absolute).matches();
    }
}
