package hoop.core;

import java.util.List;

/**
 * What a statement returned, as recorded: the command tag (or error), row count, duration, and the first
 * rows of the already-masked result; truncated says the sample stops short of the rows sent.
 */
public record ResultSummary(String tag, String error, long rows, long durationMicros, List<String> columns,
                            List<List<String>> sample, boolean truncated) {
    public ResultSummary {
        columns = List.copyOf(columns);
        sample = List.copyOf(sample);
    }
}
