package hoop.identity;

/**
 * Why talking to the provider failed, in words. The JDK's HTTP client throws some of these without a message
 * (a refused connection), and a person reading "failed: ConnectException" learns a class name, not the cause.
 */
final class IoWords {
    private IoWords() {
    }

    static String of(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect (connection refused or unreachable)";
        }
        if (e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.SocketTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e.getCause() != null && e.getCause() != e ? of(e.getCause()) : "the connection failed";
    }
}
