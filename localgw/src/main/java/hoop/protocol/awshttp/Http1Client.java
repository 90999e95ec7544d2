package hoop.protocol.awshttp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small blocking HTTP/1.1 client for the upstream call, run on the request's virtual thread: the body is
 * written straight from the client's pipe to the socket and the answer read straight from it, with no
 * selector thread or reactive hand-offs between (the JDK HttpClient spent more CPU on those than on the bytes).
 * Keep-alive connections are pooled per authority; TLS checks the host name.
 */
final class Http1Client {
    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int READ_TIMEOUT_MS = 300_000;
    /** Idle pooled connections older than this are closed instead of reused (servers drop them at 30 s or more). */
    static final long MAX_IDLE_NANOS = 15_000_000_000L;
    static final int MAX_HEADER_BYTES = 64 << 10;

    private final Map<String, Deque<Conn>> idle = new HashMap<>();

    /** One upstream connection. */
    static final class Conn {
        final String key;
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;

        Conn(String key, Socket socket) throws IOException {
            this.key = key;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
        }
    }

    /** The answer's head; body() must be read to its end (or closed) before the connection is reused. */
    record Response(int status, List<Map.Entry<String, String>> headers, InputStream body) {
        String header(String name) {
            for (var e : headers) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
            return null;
        }
    }

    /**
     * Sends one request. headers: names and values as they go, without Host, Content-Length and
     * Transfer-Encoding; contentLength -1 sends the body chunked, 0 sends none.
     */
    Response send(URI target, String method, List<Map.Entry<String, String>> headers, long contentLength, InputStream body, boolean head)
            throws IOException {
        String key = target.getScheme() + "://" + target.getRawAuthority();
        Conn c = pooled(key);
        if (c != null) {
            CountingInput counted = body == null ? null : new CountingInput(body);
            try {
                return exchange(c, target, method, headers, contentLength, counted, head);
            } catch (IOException stale) {
                close(c);
                // A pooled connection the server had closed: safe to retry only while no body byte was taken.
                if (counted != null && counted.count > 0) throw stale;
                return exchangeOrClose(open(key, target), target, method, headers, contentLength, counted, head);
            }
        }
        return exchangeOrClose(open(key, target), target, method, headers, contentLength, body, head);
    }

    private Response exchangeOrClose(Conn c, URI target, String method, List<Map.Entry<String, String>> headers, long contentLength,
                                     InputStream body, boolean head) throws IOException {
        try {
            return exchange(c, target, method, headers, contentLength, body, head);
        } catch (IOException | RuntimeException e) {
            close(c);
            throw e;
        }
    }

    private Response exchange(Conn c, URI target, String method, List<Map.Entry<String, String>> headers, long contentLength,
                              InputStream body, boolean head) throws IOException {
        StringBuilder sb = new StringBuilder(1024);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        sb.append(method).append(' ').append(path);
        if (target.getRawQuery() != null) sb.append('?').append(target.getRawQuery());
        sb.append(" HTTP/1.1\r\nHost: ").append(target.getRawAuthority()).append("\r\n");
        for (var h : headers) {
            String v = h.getValue();
            if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || h.getKey().indexOf(':') >= 0) throw new IOException("malformed header " + h.getKey());
            sb.append(h.getKey()).append(": ").append(v).append("\r\n");
        }
        boolean chunked = contentLength < 0;
        if (chunked) sb.append("Transfer-Encoding: chunked\r\n");
        else if (contentLength > 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE") || method.equals("OPTIONS"))) {
            sb.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        sb.append("\r\n");
        c.out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null && contentLength != 0) writeBody(c.out, body, contentLength);
        c.out.flush();
        return read(c, head);
    }

    private static void writeBody(OutputStream out, InputStream body, long contentLength) throws IOException {
        if (contentLength > 0) {
            // The body streams write their own arrays (no copy through a buffer here); a wrong length fails the call.
            long[] sent = {0};
            body.transferTo(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (sent[0] + len > contentLength) throw new IOException("the request body is longer than its Content-Length");
                    out.write(b, off, len);
                    sent[0] += len;
                }
            });
            if (sent[0] != contentLength) throw new IOException("the request body ended " + (contentLength - sent[0]) + " bytes early");
            return;
        }
        byte[] buf = new byte[64 << 10];
        long left = contentLength;
        while (contentLength < 0 || left > 0) {
            int n = body.read(buf, 0, contentLength < 0 ? buf.length : (int) Math.min(buf.length, left));
            if (n < 0) break;
            if (n == 0) continue;
            if (contentLength < 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buf, 0, n);
                out.write(CRLF);
            } else {
                out.write(buf, 0, n);
                left -= n;
            }
        }
        if (contentLength > 0 && left > 0) throw new IOException("the request body ended " + left + " bytes early");
        if (contentLength < 0) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private Response read(Conn c, boolean head) throws IOException {
        String status;
        int code;
        List<Map.Entry<String, String>> headers;
        do {
            status = line(c.in);
            if (status == null) throw new IOException("the upstream closed the connection");
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("malformed upstream status line");
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("malformed upstream status line");
            }
            headers = new ArrayList<>();
            int size = 0;
            for (String l; !(l = line(c.in)).isEmpty(); ) {
                size += l.length();
                if (size > MAX_HEADER_BYTES) throw new IOException("upstream headers too large");
                int colon = l.indexOf(':');
                if (colon <= 0) throw new IOException("malformed upstream header");
                headers.add(Map.entry(l.substring(0, colon).trim(), l.substring(colon + 1).trim()));
            }
        } while (code >= 100 && code < 200 && code != 101);
        Response probe = new Response(code, headers, null);
        boolean close = "close".equalsIgnoreCase(probe.header("connection")) || status.startsWith("HTTP/1.0");
        String te = probe.header("transfer-encoding");
        String cl = probe.header("content-length");
        InputStream body;
        if (head || code == 204 || code == 304) {
            body = new Bounded(c.in, 0);
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new Chunked(c.in);
        } else if (cl != null) {
            try {
                body = new Bounded(c.in, Long.parseLong(cl.trim()));
            } catch (NumberFormatException e) {
                throw new IOException("malformed upstream Content-Length");
            }
        } else {
            body = c.in;
            close = true;
        }
        return new Response(code, headers, new Release(body, c, close));
    }

    /** The body as read; at its end the connection goes back to the pool, or closes if not wholly read. */
    private final class Release extends InputStream {
        private final InputStream in;
        private final Conn conn;
        private final boolean close;
        private boolean ended;
        private boolean released;

        Release(InputStream in, Conn conn, boolean close) {
            this.in = in;
            this.conn = conn;
            this.close = close;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) return -1;
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                release(false);
                throw e;
            }
            if (n < 0) {
                ended = true;
                release(!close);
            }
            return n;
        }

        @Override
        public void close() {
            if (!released) release(false);
        }

        private void release(boolean reuse) {
            if (released) return;
            released = true;
            if (reuse) give(conn);
            else Http1Client.close(conn);
        }
    }

    private synchronized Conn pooled(String key) {
        Deque<Conn> d = idle.get(key);
        while (d != null && !d.isEmpty()) {
            Conn c = d.pollLast();
            if (System.nanoTime() - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) return c;
            close(c);
        }
        return null;
    }

    private synchronized void give(Conn c) {
        c.idleSince = System.nanoTime();
        Deque<Conn> d = idle.computeIfAbsent(c.key, k -> new ArrayDeque<>());
        d.addLast(c);
        while (d.size() > 16) close(d.pollFirst());
    }

    private static Conn open(String key, URI target) throws IOException {
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(target.getHost(), port), CONNECT_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MS);
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(s, target.getHost(), port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                return new Conn(key, ssl);
            }
            return new Conn(key, s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static void close(Conn c) {
        try {
            c.socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** A CRLF (or LF) ended line in ISO-8859-1; null at a clean end of stream. */
    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int ch; (ch = in.read()) != -1; ) {
            if (ch == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() > 16 << 10) throw new IOException("upstream line too long");
            sb.append((char) ch);
        }
        if (sb.isEmpty()) return null;
        throw new IOException("the upstream closed the connection mid-line");
    }

    private static final class CountingInput extends InputStream {
        private final InputStream in;
        long count;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            return in.transferTo(new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    count += len;
                    out.write(b, off, len);
                }
            });
        }
    }

    /** Exactly n bytes of the connection. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long n) {
            this.in = in;
            this.left = n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new IOException("the upstream body ended " + left + " bytes early");
            left -= n;
            return n;
        }
    }

    /** A chunked body, trailers skipped. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (left == 0) {
                String size = line(in);
                if (size == null) throw new IOException("truncated upstream chunked body");
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed upstream chunk size");
                }
                if (left < 0) throw new IOException("malformed upstream chunk size");
                if (left == 0) {
                    for (String l; (l = line(in)) != null && !l.isEmpty(); ) {
                        // trailers are not forwarded
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new IOException("truncated upstream chunked body");
            left -= n;
            if (left == 0 && !"".equals(line(in))) throw new IOException("malformed upstream chunked body");
            return n;
        }
    }
}
