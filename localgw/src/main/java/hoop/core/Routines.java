package hoop.core;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Command#routines()} set that also finds its pairs ({@code Command.reaches(from, to)} and the like) by their
 * head, without a walk over every entry. The catalog of a real database lists thousands of entries and a statement
 * looks up a few heads (the schemas on the search_path, what a view reaches): walked, that cost tens of microseconds
 * per statement. Immutable; built on a base (a connection's marks on the catalog's set) it shares the base's index.
 */
public final class Routines extends AbstractSet<String> {
    private final Routines base;
    /** Entries not in base. */
    private final Set<String> own;
    /** Per head (a pair's text up to and with the NUL after its first name), the rest of each pair; built on first use. */
    private volatile Map<String, List<String>> byHead;
    /** Per relation a view reaches, the views reaching it ({@code Command.reaches}); built on first use. */
    private volatile Map<String, List<String>> byReached;

    private Routines(Routines base, Set<String> own) {
        this.base = base;
        this.own = own;
    }

    /** routines as a Routines: itself if it is one, else a copy. */
    public static Routines of(Set<String> routines) {
        return routines instanceof Routines r ? r : new Routines(null, Set.copyOf(routines));
    }

    /** routines and more; routines' index is shared when it is a Routines. */
    public static Routines plus(Set<String> routines, Collection<String> more) {
        Routines base = of(routines);
        Set<String> own = new HashSet<>();
        for (String m : more) {
            if (!base.contains(m)) own.add(m);
        }
        return own.isEmpty() ? base : new Routines(base, Set.copyOf(own));
    }

    /**
     * The rest of each entry of routines that starts with head, which ends with the NUL after a pair's first name
     * ({@code Command.reaches(from, "")}); in no particular order.
     */
    public static List<String> paired(Set<String> routines, String head) {
        if (routines instanceof Routines r && head.startsWith("\0\0") && head.length() > 3
                && head.indexOf('\0', 3) == head.length() - 1) {
            return r.paired(head);
        }
        List<String> out = new ArrayList<>();
        for (String e : routines) {
            if (e.startsWith(head)) out.add(e.substring(head.length()));
        }
        return out;
    }

    /** The views (bare, lower case) whose {@code Command.reaches(view, to)} routines lists. */
    public static List<String> reaching(Set<String> routines, String to) {
        if (routines instanceof Routines r) {
            return r.reaching(to);
        }
        String prefix = Command.reaches("", null);
        String suffix = "\0" + to;
        List<String> out = new ArrayList<>();
        for (String e : routines) {
            if (e.startsWith(prefix) && e.endsWith(suffix) && e.length() > prefix.length() + suffix.length()) {
                String view = e.substring(prefix.length(), e.length() - suffix.length());
                if (view.indexOf('\0') < 0) out.add(view);
            }
        }
        return out;
    }

    private List<String> paired(String head) {
        List<String> mine = index().getOrDefault(head, List.of());
        if (base == null) return mine;
        List<String> theirs = base.paired(head);
        if (mine.isEmpty()) return theirs;
        List<String> all = new ArrayList<>(theirs);
        all.addAll(mine);
        return all;
    }

    private List<String> reaching(String to) {
        Map<String, List<String>> m = byReached;
        if (m == null) {
            m = new HashMap<>();
            String prefix = Command.reaches("", null);
            for (String e : own) {
                int nul = e.startsWith(prefix) ? e.indexOf('\0', prefix.length()) : -1;
                if (nul > prefix.length()) {
                    m.computeIfAbsent(e.substring(nul + 1), k -> new ArrayList<>()).add(e.substring(prefix.length(), nul));
                }
            }
            byReached = m;
        }
        List<String> mine = m.getOrDefault(to, List.of());
        if (base == null) return mine;
        List<String> all = new ArrayList<>(base.reaching(to));
        all.addAll(mine);
        return all;
    }

    private Map<String, List<String>> index() {
        Map<String, List<String>> m = byHead;
        if (m == null) {
            m = new HashMap<>();
            for (String e : own) {
                int nul = e.startsWith("\0\0") && e.length() > 3 ? e.indexOf('\0', 3) : -1;
                if (nul > 0) {
                    m.computeIfAbsent(e.substring(0, nul + 1), k -> new ArrayList<>()).add(e.substring(nul + 1));
                }
            }
            byHead = m;
        }
        return m;
    }

    @Override
    public boolean contains(Object o) {
        return own.contains(o) || base != null && base.contains(o);
    }

    @Override
    public Iterator<String> iterator() {
        if (base == null) return own.iterator();
        Iterator<String> first = base.iterator(), second = own.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || second.hasNext();
            }

            @Override
            public String next() {
                return first.hasNext() ? first.next() : second.next();
            }
        };
    }

    @Override
    public int size() {
        return own.size() + (base == null ? 0 : base.size());
    }
}
