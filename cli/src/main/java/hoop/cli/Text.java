package hoop.cli;

/** Small text helpers for tables. */
final class Text {
    private Text() {}

    static String oneLine(String s, int max) {
        String flat = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
