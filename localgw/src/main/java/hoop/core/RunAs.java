package hoop.core;

import java.util.ArrayList;
import java.util.List;

/**
 * run_as on a command connection: the OS user its commands run as, so they cannot read what only the gateway's user
 * may (its HOOP_HOME, the ${file:} secrets, /proc/PID/environ). setpriv is the absolute path of util-linux's setpriv,
 * or null when the user is the gateway's own and nothing needs switching.
 */
public record RunAs(String user, int uid, int gid, String home, String setpriv) {
    /** The argv that runs argv as this user: setpriv changes the ids and groups, then executes it (no shell between). */
    public List<String> wrap(List<String> argv) {
        if (setpriv == null) return argv;
        List<String> out = new ArrayList<>(List.of(setpriv, "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
        out.addAll(argv);
        return out;
    }
}
