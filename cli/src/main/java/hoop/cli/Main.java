package hoop.cli;

/** The `hoop` binary. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(HoopCommand.run(CliContext.system(), args));
    }
}
