package hoop.core;

import java.util.List;

/**
 * A {@code COPY table (columns) TO STDOUT} in text or CSV: its rows are the listed columns' own values in that order,
 * so a column rule can be applied to each field. {@code columns} are as the server reads the names (quoted ones exact,
 * others lower case), empty when it lists none (the table's columns in order, as the catalog gives them); {@code
 * delimiter} is one byte. For {@code COPY (query) TO STDOUT}, {@code query} is the query's text and {@code relation}
 * null: its fields are the query's result columns, which only the server's description of the query tells.
 */
public record CopiedTable(String relation, List<String> columns, boolean csv, byte delimiter, boolean header, String query) {

    public CopiedTable(String relation, List<String> columns, boolean csv, byte delimiter, boolean header) {
        this(relation, columns, csv, delimiter, header, null);
    }
}
