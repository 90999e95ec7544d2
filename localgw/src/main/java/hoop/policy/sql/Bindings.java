package hoop.policy.sql;

import java.util.List;

/**
 * Objects a CREATE or ALTER statement makes run a stored routine (or a built-in with effects, such as nextval)
 * wherever they are named: a view calling one, a
 * domain checked by one, a type cast by one, a table whose row security policy calls one. Later statements naming
 * them are judged as calling it (see hoop.core.Command#named), before any catalog read of this connection knows.
 */
final class Bindings {

    private Bindings() {
    }

    /** Adds to {@code out} the object {@code t} (one statement, knowing the stored routines) binds to a routine. */
    static void named(Toks t, List<String> out) {
        // A built-in with effects counts too: reading a view calling nextval or pg_terminate_backend makes the call.
        if (!reaches(t) && !Functions.callsWithEffects(t)) {
            return;
        }
        StringBuilder name = new StringBuilder();
        int i = t.word(1, "or") && t.word(2, "replace") ? 3 : 1;
        while (t.anyWord(i, "temp", "temporary", "recursive")) {
            i++;
        }
        int at = -1;
        if (t.word(0, "create") && t.anyWord(i, "view", "domain")
                || t.word(0, "alter") && t.anyWord(1, "view", "domain")) {
            at = i + 1;
            if (t.word(at, "if") && t.word(at + 1, "exists")) {
                at += 2;
            }
        } else if (t.word(0, "create") && t.word(i, "cast") && t.punct(i + 1, "(")) {
            // CREATE CAST (source AS target): the target is named where the cast runs (x::target).
            for (int k = i + 2; k < t.close(i + 1); k++) {
                if (t.word(k, "as")) {
                    at = k + 1;
                    break;
                }
            }
        } else if (t.anyWord(0, "create", "alter") && t.word(i, "policy")) {
            at = t.findWord(i, t.size(), "on") + 1;
        }
        if (at > 0 && t.name(at, name) > at) {
            String full = name.toString();
            out.add(hoop.core.Command.named(Lexer.asciiLower(full.substring(full.lastIndexOf('.') + 1))));
        }
    }

    /** Whether the statement names a stored routine, or an operator or object that runs one. */
    static boolean reaches(Toks t) {
        for (int k = 0; k < t.size(); k++) {
            Token x = t.get(k);
            if (x.type() == Token.Type.OP && t.isRoutineOperator(x.value())) {
                return true;
            }
            if (x.isName() && (t.isRoutine(Lexer.asciiLower(x.value()))
                    || t.isRoutine(hoop.core.Command.named(Lexer.asciiLower(x.value()))))) {
                return true;
            }
        }
        return false;
    }
}
