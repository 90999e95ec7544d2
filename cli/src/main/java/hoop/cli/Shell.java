package hoop.cli;

/** Quoting for lines users paste into a POSIX shell. */
final class Shell {
    private Shell() {}

    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:@%+=-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
