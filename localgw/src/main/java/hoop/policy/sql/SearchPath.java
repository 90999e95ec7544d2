package hoop.policy.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An unqualified relation is found through the search_path. hoop names it as written, which a rule on a schema
 * ("billing.*") does not match; once a connection set its search_path to name other schemas, the adapter lists them
 * (hoop.core.Command#onSearchPath) and an unqualified relation is also named in each, as it may be any of theirs.
 */
final class SearchPath {

    private SearchPath() {
    }

    static void qualify(Analysis a, Set<String> routines) {
        List<String> schemas = hoop.core.Command.searchPathSchemas(routines);
        for (String rel : a.relations()) {
            if (rel.indexOf('.') < 0) {
                for (String schema : schemas) {
                    if (schema.equals(USER)) continue; // the adapter names the user's schema; a SET's "$user" stays unresolved here
                    a.table(schema + "." + rel);
                    if (a.isRead(rel)) {
                        a.read(schema + "." + rel);
                        // SET search_path = pg_toast: pg_toast_16417 alone is then the TOAST table of 16417
                        Catalogs.read(schema + "." + rel, a);
                    }
                }
            }
        }
    }

    /**
     * A statement after code hoop did not see in the same message (a DO block, a stored routine): that code may have set
     * the search_path to anything (set_config in its body), so an unqualified relation is also named "*.name", in any
     * schema, which a rule on one schema's tables meets (hoop.policy.CompiledRule).
     */
    static void anySchema(Analysis a) {
        for (String rel : List.copyOf(a.relations())) {
            if (rel.indexOf('.') < 0) {
                a.table("*." + rel);
                if (a.isRead(rel)) {
                    a.read("*." + rel);
                }
            }
        }
    }

    /** routines, with the schemas {@code statement} sets the search_path to name listed (none: routines itself). */
    static Set<String> with(Set<String> routines, String statement) {
        return hoop.core.Command.withSearchPath(routines, schemas(statement));
    }

    /** See {@link SqlClassifier#searchPathSchemas}. */
    static Set<String> schemas(String sql) {
        Set<String> out = new LinkedHashSet<>();
        if (sql == null || !namesSearchPath(sql)) {
            return out;
        }
        try {
            List<Token> toks = Lexer.lex(sql);
            for (int i = 0; i < toks.size(); i++) {
                Token x = toks.get(i);
                // SET [SESSION | LOCAL] SCHEMA 'a' is PostgreSQL's other spelling of SET search_path TO 'a' (gram.y's
                // set_rest_more, so ALTER ROLE ... SET SCHEMA 'a' too); a string follows SCHEMA only there (ALTER TABLE t
                // SET SCHEMA s, which moves t, takes a name).
                if (x.isWord("schema") && i + 1 < toks.size() && toks.get(i + 1).type() == Token.Type.STRING && i > 0
                        && (toks.get(i - 1).isWord("set") || i > 1 && toks.get(i - 2).isWord("set")
                        && (toks.get(i - 1).isWord("session") || toks.get(i - 1).isWord("local")))) {
                    out.addAll(listed(toks.get(i + 1).value()));
                    continue;
                }
                boolean named = (x.isName() || x.type() == Token.Type.STRING) && Lexer.asciiLower(x.value().strip()).equals("search_path");
                if (!named) {
                    continue;
                }
                // SET [SESSION | LOCAL] search_path {TO | =} a, "B", 'c'; set_config('search_path', 'a, b', ...)
                int k = i + 1;
                if (k < toks.size() && (toks.get(k).isWord("to") || toks.get(k).isPunct(",")
                        || toks.get(k).isOp("="))) {
                    k++;
                }
                for (; k < toks.size(); k += 2) {
                    Token v = toks.get(k);
                    if (v.type() == Token.Type.STRING) {
                        out.addAll(listed(v.value()));
                    } else if (v.isName()) {
                        add(out, v.value());
                    } else {
                        break;
                    }
                    if (k + 1 >= toks.size() || !toks.get(k + 1).isPunct(",") || x.type() == Token.Type.STRING) {
                        break;
                    }
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // what was read stands
        }
        return out;
    }

    /** The schemas a search_path value names as a string holds it ({@code a, "B"}): set_config's, a startup parameter's. */
    static Set<String> listed(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            add(out, part.strip());
        }
        return out;
    }

    /**
     * The schema named like the current user, kept as written: only the adapter knows who that is (the upstream's
     * login user), and the default search_path ("$user", public) names it first.
     */
    static final String USER = "$user";

    private static void add(Set<String> out, String schema) {
        String s = schema.length() > 1 && schema.startsWith("\"") && schema.endsWith("\"")
                ? schema.substring(1, schema.length() - 1).replace("\"\"", "\"") : schema;
        boolean quoted = schema.startsWith("\"");
        // DEFAULT (SET ... TO DEFAULT) names no schema; "default" quoted is one.
        if (s.equals(USER)) {
            out.add(USER);
        } else if (!s.isEmpty() && !(s.equalsIgnoreCase("default") && !quoted)) {
            out.add(quoted ? s : Lexer.asciiLower(s));
        }
    }

    /** Whether {@code s} may set the search_path: it holds "search_path" or "schema" (SET SCHEMA), in one pass. */
    private static boolean namesSearchPath(String s) {
        for (int i = 0; i + 6 <= s.length(); i++) {
            char c = s.charAt(i);
            if (c == 's' || c == 'S') {
                if (s.regionMatches(true, i, "search_path", 0, 11) || s.regionMatches(true, i, "schema", 0, 6)) {
                    return true;
                }
            }
        }
        return false;
    }
}
