package hoop.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.approval.ApprovalException;
import hoop.approval.ApprovalService;
import hoop.core.Identity;
import hoop.guard.GuardedConnection;
import hoop.protocol.exec.ExecFrameCodec;
import hoop.protocol.exec.ExecRequest;
import hoop.protocol.exec.ExecSession;
import hoop.store.ApprovalRecord;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local control API. Every call carries the token from $HOOP_HOME/gateway.token; /v1/exec upgrades
 * the connection to the exec frame stream and hands it to the exec adapter.
 */
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String EXEC_UPGRADE = "hoop-exec";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] token;
    private final Map<String, GuardedConnection> connections;
    private final ApprovalService approvals;
    private final SessionService sessions;
    private final String version;
    private final hoop.store.Store store;

    ControlHandler(String token, Map<String, GuardedConnection> connections, ApprovalService approvals, SessionService sessions,
                   hoop.store.Store store, String version) {
        this.store = store;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.connections = connections;
        this.approvals = approvals;
        this.sessions = sessions;
        this.version = version;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            reply(ctx, HttpResponseStatus.BAD_REQUEST, error("malformed request: " + req.decoderResult().cause().getMessage()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!authorized(req)) {
            reply(ctx, HttpResponseStatus.UNAUTHORIZED, error("missing or wrong token (see $HOOP_HOME/gateway.token)"));
            return;
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        List<String> parts = List.of(path.split("/"));
        try {
            if (req.method() == HttpMethod.GET && path.equals("/v1/health")) {
                reply(ctx, HttpResponseStatus.OK, JSON.createObjectNode().put("status", "ok").put("version", version)
                        .put("pid", ProcessHandle.current().pid()));
            } else if (req.method() == HttpMethod.POST && path.equals("/v1/sessions")) {
                createSession(ctx, req);
            } else if (req.method() == HttpMethod.DELETE && parts.size() == 4 && parts.get(2).equals("sessions")) {
                var ended = sessions.end(parts.get(3), "disconnected by " + Identity.localUser().subject());
                if (ended.isEmpty()) reply(ctx, HttpResponseStatus.NOT_FOUND, error("no live session " + parts.get(3)));
                else reply(ctx, HttpResponseStatus.OK, JSON.createObjectNode().put("id", ended.get().session().id()).put("status", "closed"));
            } else if (req.method() == HttpMethod.POST && path.equals("/v1/recordings/flush")) {
                // The CLI reads hoop.db itself; this lets it see records the gateway has acknowledged but not yet copied in.
                store.flush().whenComplete((v, err) -> ctx.executor().execute(() -> reply(ctx,
                        err == null ? HttpResponseStatus.OK : HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        err == null ? JSON.createObjectNode().put("status", "ok") : error("flush failed: " + err.getMessage()))));
            } else if (req.method() == HttpMethod.POST && path.equals("/v1/exec")) {
                exec(ctx, req);
            } else if (req.method() == HttpMethod.GET && path.equals("/v1/approvals")) {
                String status = q.parameters().containsKey("status") ? q.parameters().get("status").get(0) : null;
                List<JsonNode> list = new ArrayList<>();
                for (ApprovalRecord r : approvals.list(status)) list.add(JSON.valueToTree(ApprovalJson.of(r)));
                reply(ctx, HttpResponseStatus.OK, JSON.createObjectNode().set("approvals", JSON.valueToTree(list)));
            } else if (req.method() == HttpMethod.POST && parts.size() == 5 && parts.get(2).equals("approvals")
                    && (parts.get(4).equals("approve") || parts.get(4).equals("deny"))) {
                decide(ctx, req, parts.get(3), parts.get(4).equals("approve"));
            } else {
                reply(ctx, HttpResponseStatus.NOT_FOUND, error("no such endpoint: " + req.method() + " " + path));
            }
        } catch (RuntimeException e) {
            reply(ctx, HttpResponseStatus.BAD_REQUEST, error(e.getMessage()));
        }
    }

    private void decide(ChannelHandlerContext ctx, FullHttpRequest req, String id, boolean approve) {
        JsonNode body = body(req);
        // Local mode: whoever holds the control token is trusted to name the approver (OIDC will bind it to a token).
        String by = body.path("by").asText(Identity.localUser().subject());
        List<String> groups = new ArrayList<>();
        body.path("groups").forEach(g -> groups.add(g.asText()));
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        try {
            ApprovalRecord r = approvals.decide(id, approve, new hoop.approval.Approver(by, groups), reason,
                    body.path("window").asBoolean(false));
            reply(ctx, HttpResponseStatus.OK, JSON.valueToTree(ApprovalJson.of(r)));
        } catch (ApprovalException e) {
            HttpResponseStatus status = switch (e.reason()) {
                case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
                case NOT_PENDING -> HttpResponseStatus.CONFLICT;
                case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
            };
            reply(ctx, status, error(e.getMessage()));
        }
    }

    private void createSession(ChannelHandlerContext ctx, FullHttpRequest req) {
        JsonNode body = body(req);
        java.time.Duration ttl = java.time.Duration.ofSeconds(body.path("ttl_seconds").asLong(3600));
        sessions.create(body.path("connection").asText(""), ttl, Identity.localUser()).whenComplete((c, err) -> {
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                reply(ctx, HttpResponseStatus.BAD_REQUEST, error(cause.getMessage()));
                return;
            }
            ObjectNode out = JSON.createObjectNode().put("id", c.grant().session().id())
                    .put("connection", c.grant().session().connection()).put("user", c.grant().user())
                    .put("password", c.grant().password()).put("host", c.endpoint().address().getHostString())
                    .put("port", c.endpoint().address().getPort()).put("database", c.endpoint().database())
                    .put("uri", c.uri()).put("expires_at", c.grant().expiresAt().toString());
            ObjectNode env = out.putObject("env");
            c.env().forEach(env::put);
            reply(ctx, HttpResponseStatus.CREATED, out);
        });
    }

    private void exec(ChannelHandlerContext ctx, FullHttpRequest req) {
        JsonNode body = body(req);
        String name = body.path("connection").asText("");
        GuardedConnection conn = connections.get(name);
        if (conn == null) {
            reply(ctx, HttpResponseStatus.NOT_FOUND, error("no connection named '" + name + "' (configured: " + connections.keySet() + ")"));
            return;
        }
        if (!conn.type().equals("command") && !conn.type().equals("aws")) {
            reply(ctx, HttpResponseStatus.BAD_REQUEST, error("connection '" + name + "' is of type " + conn.type() + ", not command or aws"));
            return;
        }
        List<String> args = new ArrayList<>();
        body.path("args").forEach(a -> args.add(a.asText()));
        FullHttpResponse up = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        up.headers().set(HttpHeaderNames.UPGRADE, EXEC_UPGRADE).set(HttpHeaderNames.CONNECTION, "Upgrade");
        ctx.writeAndFlush(up).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) return;
            var p = ctx.pipeline();
            p.addLast(new ExecFrameCodec(), new ExecSession(conn, new ExecRequest(name, args), Identity.localUser()));
            p.remove(ControlServer.AGGREGATOR);
            p.remove(ControlServer.HTTP_CODEC);
            p.remove(this);
        });
    }

    private boolean authorized(FullHttpRequest req) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        byte[] given = (h.startsWith("Bearer ") ? h.substring(7).trim() : "").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static JsonNode body(FullHttpRequest req) {
        String text = req.content().toString(StandardCharsets.UTF_8);
        if (text.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static io.netty.channel.ChannelFuture reply(ChannelHandlerContext ctx, HttpResponseStatus status, JsonNode body) {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return ctx.writeAndFlush(resp);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
