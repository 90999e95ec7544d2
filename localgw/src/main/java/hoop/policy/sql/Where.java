package hoop.policy.sql;

/**
 * Decides whether an UPDATE/DELETE WHERE clause is shown to restrict rows. A condition that mentions no column at all
 * ({@code WHERE true}, {@code WHERE 1=1}, {@code WHERE $1}) is constant, so it is treated like no WHERE; so is what
 * reads nothing of the changed row (another FROM item's column, a subquery that does not refer to the row). Of what
 * reads the row, only a comparison of the row's own value (a column, cast, a field of it, lower() of it...) with a
 * value the row does not determine narrows ({@code id = 5}, {@code created < now() - interval '1 day'}, {@code id IN
 * (SELECT tid FROM u)}, {@code name LIKE 'a%'}, {@code active}); anything else may hold on every row and restricts
 * nothing: a column set against itself ({@code id = id}, {@code id >= id - 1}, {@code name LIKE name}), against the
 * table's own values handed back whole by a subquery ({@code id >= (SELECT min(id) FROM t)}), a pattern any value
 * matches ({@code LIKE '_%'}), IS NOT NULL, ranges that together cover every number, functions and CASE. The boolean
 * structure around those is folded as PostgreSQL evaluates it (OR, AND, NOT, IS [NOT] TRUE/FALSE/NULL, = TRUE, IN
 * lists and = ANY), see {@link Conditions}.
 */
final class Where {

    private Where() {
    }

    /**
     * Bounded only if every OR branch, at any depth of parentheses, holds a condition that restricts rows:
     * {@code WHERE id = 1 OR 1=1} and {@code WHERE (id = 1 OR true)} match every row just like {@code WHERE 1=1}.
     *
     * @param verb index of the UPDATE or DELETE keyword
     * @param k index of the WHERE keyword
     */
    static boolean bounded(Toks t, int verb, int k, int to) {
        if (t.word(k + 1, "current") && t.word(k + 2, "of")) {
            return true; // positioned on exactly one cursor row
        }
        int returning = t.findWord(k + 1, to, "returning");
        return restricts(t, k + 1, returning < 0 ? to : returning, verb < 0 ? Target.UNKNOWN : Target.of(t, verb, k));
    }

    /**
     * Whether t[from, to) restricts the target's rows both with its selves (items that are its table whole) taken for the
     * target row itself, where {@code t.id = t2.id} restricts nothing, and taken for the other items they are, where
     * {@code t2.id = 5} restricts nothing either: the self-join pairs each row with all of t2's.
     */
    private static boolean restricts(Toks t, int from, int to, Target target) {
        if (!Conditions.restricts(t, from, to, target)) {
            return false;
        }
        Target apart = target.apart();
        return apart == target || Conditions.restricts(t, from, to, apart);
    }

    /**
     * Whether a MERGE (t[from, to)) may change every row of its target: a WHEN MATCHED action that updates or deletes
     * (with no AND condition of its own that restricts rows) under a join condition that restricts nothing ({@code ON true}: every target row matches every source row), or a
     * WHEN NOT MATCHED BY SOURCE action that does (it reaches every target row the source lacks, which may be all).
     * The join condition is the last ON before the first WHEN: the source may be a join with ONs of its own.
     */
    static boolean mergeUnbounded(Toks t, int from, int to) {
        int firstWhen = -1;
        int on = -1;
        for (int k = from; k < to && firstWhen < 0; k++) {
            if (t.isOpen(k)) {
                k = t.close(k);
            } else if (t.word(k, "on")) {
                on = k;
            } else if (t.word(k, "when") && (t.word(k + 1, "matched") || t.word(k + 1, "not") && t.word(k + 2, "matched"))) {
                firstWhen = k;
            }
        }
        if (firstWhen < 0) {
            return true; // not a MERGE this reads: fail closed
        }
        Target target = Target.of(t, from, firstWhen);
        boolean matchedChanges = false;
        boolean bySourceChanges = false;
        for (int k = firstWhen; k < to; k = Math.max(k + 1, t.findWord(k + 1, to, "when"))) {
            if (!t.word(k, "when")) {
                break;
            }
            int then = t.findWord(k + 1, to, "then");
            // WHEN ... AND condition THEN: an action whose own condition restricts rows is bounded by it.
            int and = then > 0 ? t.findWord(k + 1, then, "and") : -1;
            boolean changes = then > 0 && t.anyWord(then + 1, "update", "delete") && (and < 0 || !restricts(t, and + 1, then, target));
            if (t.word(k + 1, "matched")) {
                matchedChanges |= changes;
            } else if (t.word(k + 2, "matched") && t.word(k + 3, "by") && t.word(k + 4, "source")) {
                bySourceChanges |= changes;
            }
            if (then < 0) {
                break;
            }
        }
        return bySourceChanges || matchedChanges && (on < 0 || !restricts(t, on + 1, firstWhen, target));
    }
}
