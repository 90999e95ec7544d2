package hoop.cli;

/** Exit codes scripts can rely on; exec passes the command's own code through otherwise. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int DENIED = 3;
    public static final int GATEWAY_UNAVAILABLE = 4;

    private ExitCodes() {}
}
