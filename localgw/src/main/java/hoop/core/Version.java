package hoop.core;

/** The product version, shown by `hoop --version` and the control API. */
public final class Version {
    public static final String VALUE = "0.1.0";

    private Version() {}
}
