package hoop.store;

/**
 * Unchecked so it can travel through futures and lambdas; callers that must fail closed treat any
 * StoreException from a write as "this was not recorded".
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
