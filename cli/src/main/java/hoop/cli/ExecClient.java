package hoop.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.protocol.exec.ExecFrame;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The client end of the exec stream: upgrade the HTTP request, then pump stdin out and frames in. */
final class ExecClient {
    private ExecClient() {}

    static int run(GatewayClient gw, String connection, List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        ObjectNode body = GatewayClient.JSON.createObjectNode().put("connection", connection);
        args.forEach(body.putArray("args")::add);
        byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(gw.host, gw.port), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(ANSWER_TIMEOUT_MS); // for the upgrade's answer only: a command may then be silent for hours
            OutputStream raw = s.getOutputStream();
            String head = "POST /v1/exec HTTP/1.1\r\nHost: " + gw.host + "\r\nAuthorization: Bearer " + gw.token
                    + "\r\nUpgrade: hoop-exec\r\nConnection: Upgrade\r\nContent-Type: application/json\r\nContent-Length: "
                    + json.length + "\r\n\r\n";
            raw.write(head.getBytes(StandardCharsets.US_ASCII));
            raw.write(json);
            raw.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            HttpHead response = HttpHead.read(in, gw);
            if (response.status() != 101) {
                throw new CliException(response.status() == 404 ? ExitCodes.USAGE : ExitCodes.FAILURE, errorOf(in, response, gw));
            }
            s.setSoTimeout(0);
            DataOutputStream frames = new DataOutputStream(raw);
            Thread pump = Thread.ofPlatform().daemon().name("hoop-stdin").start(() -> pumpStdin(stdin, frames));
            try {
                return readFrames(in, out, err);
            } finally {
                pump.interrupt();
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, "the gateway at " + gw.host + ":" + gw.port + " did not answer in time");
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, "the hoop gateway is not running at " + gw.host + ":" + gw.port
                    + " (start it with: hoop gateway)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "lost the connection to the gateway: " + e.getMessage());
        }
    }

    private static final int CONNECT_TIMEOUT_MS = 3_000;
    private static final int ANSWER_TIMEOUT_MS = 30_000;

    /** The gateway's refusal, from its JSON body: anything else is not the gateway speaking. */
    private static String errorOf(DataInputStream in, HttpHead response, GatewayClient gw) throws IOException {
        byte[] b = in.readNBytes(Math.min(response.contentLength(), 1 << 20));
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = b.length == 0 ? GatewayClient.JSON.createObjectNode() : GatewayClient.JSON.readTree(b);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, gw.notHoop("it answered HTTP " + response.status()
                    + " with something other than a JSON object"));
        }
        return body.path("error").asText("HTTP " + response.status());
    }

    private static int readFrames(DataInputStream in, PrintStream out, PrintStream err) throws IOException {
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException e) {
                throw new IOException("the gateway closed the stream without an exit status");
            }
            int len = in.readInt();
            if (len < 0 || len > ExecFrame.MAX_PAYLOAD) throw new IOException("bad frame length " + len);
            byte[] payload = in.readNBytes(len);
            ExecFrame f = new ExecFrame(ExecFrame.Type.of(type), payload);
            switch (f.type()) {
                case STDOUT -> {
                    out.write(payload);
                    out.flush();
                }
                case STDERR, NOTICE -> {
                    err.write(payload);
                    err.flush();
                }
                case EXIT -> {
                    out.flush();
                    return f.exitCode();
                }
                case null, default -> throw new IOException("unexpected frame type " + type);
            }
        }
    }

    private static void pumpStdin(InputStream stdin, DataOutputStream frames) {
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = stdin.read(buf)) > 0) {
                synchronized (frames) {
                    frames.writeByte(ExecFrame.Type.STDIN.code);
                    frames.writeInt(n);
                    frames.write(buf, 0, n);
                    frames.flush();
                }
            }
            synchronized (frames) {
                frames.writeByte(ExecFrame.Type.STDIN_EOF.code);
                frames.writeInt(0);
                frames.flush();
            }
        } catch (IOException e) {
            // The command finished or the gateway went away; nothing left to feed.
        }
    }

    /** Just enough HTTP/1.1 to read the upgrade answer or an error body. */
    record HttpHead(int status, int contentLength) {
        static HttpHead read(InputStream in) throws IOException {
            return read(in, null);
        }

        /** gw: to name it when what answers is no HTTP at all; null throws an IOException instead. */
        static HttpHead read(InputStream in, GatewayClient gw) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int status = -1;
            int length = 0;
            while (true) {
                int c = in.read();
                if (c < 0) throw new IOException("the gateway closed the connection");
                if (c != '\n') {
                    if (c != '\r') line.write(c);
                    if (line.size() > 8192) throw new IOException("response header too long");
                    continue;
                }
                String l = line.toString(StandardCharsets.ISO_8859_1);
                line.reset();
                if (l.isEmpty()) return new HttpHead(status, length);
                if (status < 0) {
                    String[] w = l.split(" ");
                    if (!w[0].startsWith("HTTP/") || w.length < 2 || !w[1].matches("[1-5][0-9][0-9]")) {
                        String what = "its answer starts '" + Text.oneLine(l, 40) + "', not an HTTP status line";
                        if (gw != null) throw new CliException(ExitCodes.GATEWAY_UNAVAILABLE, gw.notHoop(what));
                        throw new IOException(what);
                    }
                    status = Integer.parseInt(w[1]);
                } else if (l.toLowerCase().startsWith("content-length:")) {
                    String n = l.substring(15).trim();
                    length = n.matches("[0-9]{1,9}") ? Integer.parseInt(n) : 0;
                }
            }
        }
    }
}
