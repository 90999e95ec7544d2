package hoop.policy.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL a stored routine's body runs, read from CREATE [OR REPLACE] FUNCTION / PROCEDURE where hoop can read it:
 * LANGUAGE sql (its string, BEGIN ATOMIC ... END, or RETURN expr) and plpgsql (read as a DO block's body is). Making
 * the routine runs none of it, but every call runs all of it as "procedural": a body that grants, administers or runs
 * a program is what such a rule must meet when it is made, as a DO block's body is when it runs.
 */
public final class RoutineBody {

    private RoutineBody() {
    }

    /**
     * As {@link #statements(String)} for a classified statement: CREATE FUNCTION / PROCEDURE is procedural at least, so
     * a milder one (every query and write: this runs on each) defines none and is not read a second time.
     */
    public static List<String> statements(SqlStatement statement) {
        if (statement.kind().severity() < SqlKind.PROCEDURAL.severity()) {
            return List.of();
        }
        return statements(statement.text());
    }

    /** The statements the routine {@code statement} defines runs; empty when it defines none or hoop cannot read it. */
    public static List<String> statements(String statement) {
        List<Token> toks = Lexer.lex(statement);
        if (toks.isEmpty() || !toks.get(0).isWord("create")) {
            return List.of();
        }
        Toks t = new Toks(toks);
        int i = t.word(1, "or") && t.word(2, "replace") ? 3 : 1;
        if (!t.anyWord(i, "function", "procedure")) {
            return List.of();
        }
        String lang = Guards.language(t, i, t.size());
        int end = toks.size();
        while (end > 0 && toks.get(end - 1).isPunct(";")) {
            end--;
        }
        // SQL-standard bodies: BEGIN ATOMIC statements END, or RETURN expr (both LANGUAGE sql).
        int atomic = -1;
        int ret = -1;
        for (int k = i; k < end && atomic < 0 && ret < 0; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "begin") && t.word(k + 1, "atomic")) {
                atomic = k + 2;
            } else if (t.word(k, "return")) {
                ret = k + 1;
            }
        }
        if (atomic >= 0 && end - 1 > atomic && toks.get(end - 1).isWord("end")) {
            return split(statement.substring(toks.get(atomic).start(), toks.get(end - 1).start()));
        }
        if (ret >= 0 && ret < end) {
            return List.of("SELECT " + statement.substring(toks.get(ret).start(), toks.get(end - 1).end()));
        }
        int as = t.findWord(i, end, "as");
        if (as < 0 || t.get(as + 1).type() != Token.Type.STRING || lang == null) {
            return List.of();
        }
        String body = t.get(as + 1).value();
        if (lang.equals("sql")) {
            return split(body);
        }
        if (lang.equals("plpgsql")) {
            String tag = "$hoop_body$";
            for (int n = 0; body.contains(tag); n++) {
                tag = "$hoop_body" + n + "$";
            }
            return DoBlock.of("DO " + tag + body + tag).map(DoBlock::statements).orElse(List.of());
        }
        return List.of();
    }

    private static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        for (SqlStatement s : SqlClassifier.classify(sql)) {
            out.add(s.text());
        }
        return out;
    }
}
