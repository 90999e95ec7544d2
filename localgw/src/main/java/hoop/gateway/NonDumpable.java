package hoop.gateway;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Makes the gateway process non-dumpable (Linux prctl(PR_SET_DUMPABLE, 0)): its /proc/PID/environ, mem, maps and fd
 * then belong to root, so a command it runs as its own non-root OS user can neither read the upstream secrets given
 * as ${env:X} nor attach a debugger to it. A root child still can (see run_as on command connections).
 *
 * <p>Called through the Foreign Function &amp; Memory API by reflection: it is final from JDK 22, but we compile with
 * --release 21, where naming it would need --enable-preview. A runtime without it is warned about, not refused.
 */
final class NonDumpable {
    private static final Logger LOG = Logger.getLogger(NonDumpable.class.getName());
    private static final int PR_GET_DUMPABLE = 3;
    private static final int PR_SET_DUMPABLE = 4;

    private NonDumpable() {}

    /** True when the process is non-dumpable afterwards; otherwise one warning says why not. */
    static boolean apply() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return false;
        try {
            MethodHandle prctl = prctl();
            int rc = (int) prctl.invokeWithArguments(PR_SET_DUMPABLE, 0L);
            if (rc == 0 && (int) prctl.invokeWithArguments(PR_GET_DUMPABLE, 0L) == 0) return true;
            LOG.warning("could not make the gateway non-dumpable (prctl returned " + rc + "): commands it runs as its own "
                    + "OS user can read its environment and memory through /proc");
        } catch (Throwable e) {
            LOG.warning("could not make the gateway non-dumpable (" + e + "; needs JDK 22+ and --enable-native-access): "
                    + "commands it runs as its own OS user can read its environment and memory through /proc");
        }
        return false;
    }

    /** Whether the process is non-dumpable now (for tests). */
    static boolean isNonDumpable() throws Throwable {
        return (int) prctl().invokeWithArguments(PR_GET_DUMPABLE, 0L) == 0;
    }

    /** int prctl(int option, ...) with one unsigned long after the option: a variadic call, as glibc declares it. */
    private static MethodHandle prctl() throws ReflectiveOperationException {
        Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
        Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> descC = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> valueLayoutC = Class.forName("java.lang.foreign.ValueLayout");
        Object linker = linkerC.getMethod("nativeLinker").invoke(null);
        Object lookup = linkerC.getMethod("defaultLookup").invoke(linker);
        Optional<?> symbol = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class)
                .invoke(lookup, "prctl");
        if (symbol.isEmpty()) throw new NoSuchMethodException("prctl not found in the C library");
        Object jint = valueLayoutC.getField("JAVA_INT").get(null);
        Object jlong = valueLayoutC.getField("JAVA_LONG").get(null);
        Object args = Array.newInstance(layoutC, 2);
        Array.set(args, 0, jint);
        Array.set(args, 1, jlong);
        Object desc = descC.getMethod("of", layoutC, args.getClass()).invoke(null, jint, args);
        Object options = Array.newInstance(optionC, 1);
        Array.set(options, 0, optionC.getMethod("firstVariadicArg", int.class).invoke(null, 1));
        return (MethodHandle) linkerC.getMethod("downcallHandle", segmentC, descC, options.getClass())
                .invoke(linker, symbol.get(), desc, options);
    }
}
