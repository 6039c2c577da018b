package dev.afl.reliability;

/** A crash the tests inject (after a write reached the store, before the caller heard of it). */
public final class InjectedCrash extends RuntimeException {

    public InjectedCrash(String where) {
        super("injected crash " + where);
    }

    /** Whether the failure is, or was caused by, an injected crash (an SDK may wrap it). */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InjectedCrash) {
                return true;
            }
        }
        return false;
    }
}
