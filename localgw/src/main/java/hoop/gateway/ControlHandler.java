package hoop.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hoop.approval.ApprovalException;
import hoop.approval.ApprovalService;
import hoop.core.Identity;
import hoop.guard.GuardedConnection;
import hoop.identity.TokenRejected;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local control API. Every call carries a bearer credential (see ControlAuth: the gateway.token in local
 * mode, an OIDC access token in oidc mode), checked off the event loop before anything else happens; a
 * refusal is a 401 and an audit event. /v1/exec upgrades the connection to the exec frame stream and hands
 * it to the exec adapter under the caller's identity.
 */
final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String EXEC_UPGRADE = "hoop-exec";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControlAuth auth;
    private final AuthAudit audit;
    private final java.util.concurrent.Executor authExecutor;
    private final Map<String, GuardedConnection> connections;
    private final ApprovalService approvals;
    private final SessionService sessions;
    private final String version;
    private final hoop.store.Store store;

    ControlHandler(ControlAuth auth, AuthAudit audit, java.util.concurrent.Executor authExecutor,
                   Map<String, GuardedConnection> connections, ApprovalService approvals, SessionService sessions,
                   hoop.store.Store store, String version) {
        this.store = store;
        this.auth = auth;
        this.audit = audit;
        this.authExecutor = authExecutor;
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
        String path = new QueryStringDecoder(req.uri()).path();
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (OwnCommands.isCaller(ctx.channel().remoteAddress(), ctx.channel().localAddress())) {
            // A command hoop runs for a client (hoop exec) can read gateway.token as the gateway's user: with it, it
            // would approve its own held requests as anyone, or open sessions. Its calls are refused whatever they carry.
            refuse(ctx, req, path, new TokenRejected("caller_is_a_hoop_command",
                    "the control API does not take calls from commands hoop runs (hoop exec)"));
            return;
        }
        if (!auth.oidc()) {
            authenticated(ctx, req, path, authorization);
            return;
        }
        // Validating a token may fetch the issuer's keys: never on the event loop. Reading pauses meanwhile.
        req.retain();
        ctx.channel().config().setAutoRead(false);
        authExecutor.execute(() -> {
            ControlAuth.Caller caller;
            TokenRejected rejected = null;
            try {
                caller = auth.authenticate(path, authorization);
            } catch (TokenRejected e) {
                caller = null;
                rejected = e;
            } catch (RuntimeException e) {
                caller = null;
                rejected = new TokenRejected("provider_unavailable", "cannot check the token: " + e.getMessage());
            }
            ControlAuth.Caller c = caller;
            TokenRejected r = rejected;
            ctx.executor().execute(() -> {
                try {
                    ctx.channel().config().setAutoRead(true);
                    if (r != null) refuse(ctx, req, path, r);
                    else handle(ctx, req, path, c);
                } finally {
                    req.release();
                }
            });
        });
    }

    private void authenticated(ChannelHandlerContext ctx, FullHttpRequest req, String path, String authorization) {
        try {
            handle(ctx, req, path, auth.authenticate(path, authorization));
        } catch (TokenRejected e) {
            refuse(ctx, req, path, e);
        }
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest req, String path, TokenRejected why) {
        String remote = String.valueOf(ctx.channel().remoteAddress());
        String method = req.method().name();
        // The refusal is answered once its audit record is written (or failed to be): fail closed either way.
        audit.rejected(method, path, remote, why).whenComplete((v, err) -> ctx.executor().execute(() ->
                reply(ctx, HttpResponseStatus.UNAUTHORIZED, error(why.getMessage()).put("reason", why.reason()))));
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, ControlAuth.Caller caller) {
        Identity identity = caller.identity();
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        List<String> parts = List.of(path.split("/"));
        try {
            if (req.method() == HttpMethod.GET && path.equals("/v1/health")) {
                reply(ctx, HttpResponseStatus.OK, JSON.createObjectNode().put("status", "ok").put("version", version)
                        .put("pid", ProcessHandle.current().pid()));
            } else if (req.method() == HttpMethod.POST && path.equals("/v1/sessions")) {
                createSession(ctx, req, caller);
            } else if (req.method() == HttpMethod.POST && parts.size() == 5 && parts.get(2).equals("sessions") && parts.get(4).equals("extend")) {
                var target = sessions.find(parts.get(3));
                if (notOwner(ctx, identity, target, "extend")) return;
                var now = target.flatMap(g -> sessions.extend(g, caller.expiresAt()));
                if (now.isEmpty()) reply(ctx, HttpResponseStatus.NOT_FOUND, error("no live session " + parts.get(3)));
                else reply(ctx, HttpResponseStatus.OK, JSON.createObjectNode().put("id", now.get().session().id())
                        .put("expires_at", now.get().expiresAt().toString()));
            } else if (req.method() == HttpMethod.DELETE && parts.size() == 4 && parts.get(2).equals("sessions")) {
                var target = sessions.find(parts.get(3));
                if (notOwner(ctx, identity, target, "disconnect")) return;
                var ended = sessions.end(parts.get(3), "disconnected by " + identity.subject());
                if (ended.isEmpty()) reply(ctx, HttpResponseStatus.NOT_FOUND, error("no live session " + parts.get(3)));
                else reply(ctx, HttpResponseStatus.OK, JSON.createObjectNode().put("id", ended.get().session().id()).put("status", "closed"));
            } else if (req.method() == HttpMethod.POST && path.equals("/v1/recordings/flush")) {
                // The CLI reads hoop.db itself; this lets it see records the gateway has acknowledged but not yet copied in.
                store.flush().whenComplete((v, err) -> ctx.executor().execute(() -> reply(ctx,
                        err == null ? HttpResponseStatus.OK : HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        err == null ? JSON.createObjectNode().put("status", "ok") : error("flush failed: " + err.getMessage()))));
            } else if (req.method() == HttpMethod.POST && path.equals("/v1/exec")) {
                exec(ctx, req, identity);
            } else if (req.method() == HttpMethod.GET && path.equals("/v1/approvals")) {
                String status = q.parameters().containsKey("status") ? q.parameters().get("status").get(0) : null;
                List<JsonNode> list = new ArrayList<>();
                for (ApprovalRecord r : approvals.list(status)) list.add(JSON.valueToTree(ApprovalJson.of(r)));
                reply(ctx, HttpResponseStatus.OK, JSON.createObjectNode().set("approvals", JSON.valueToTree(list)));
            } else if (req.method() == HttpMethod.POST && parts.size() == 5 && parts.get(2).equals("approvals")
                    && (parts.get(4).equals("approve") || parts.get(4).equals("deny"))) {
                decide(ctx, req, parts.get(3), parts.get(4).equals("approve"), caller);
            } else {
                reply(ctx, HttpResponseStatus.NOT_FOUND, error("no such endpoint: " + req.method() + " " + path));
            }
        } catch (RuntimeException e) {
            reply(ctx, HttpResponseStatus.BAD_REQUEST, error(e.getMessage()));
        }
    }

    private void decide(ChannelHandlerContext ctx, FullHttpRequest req, String id, boolean approve, ControlAuth.Caller caller) {
        JsonNode body = body(req);
        hoop.approval.Approver who;
        if (caller.expiresAt() != null) {
            // OIDC: the approver is who the token proves, with the token's groups; "by" and "groups" are ignored.
            Identity i = caller.identity();
            who = new hoop.approval.Approver(i.subject(), i.groups(), i.email() == null ? List.of() : List.of(i.email()));
        } else {
            // Local mode: whoever holds the control token is trusted to name the approver.
            String by = body.path("by").asText(caller.identity().subject());
            List<String> groups = new ArrayList<>();
            body.path("groups").forEach(g -> groups.add(g.asText()));
            who = new hoop.approval.Approver(by, groups);
        }
        String reason = body.hasNonNull("reason") ? body.get("reason").asText() : null;
        try {
            ApprovalRecord r = approvals.decide(id, approve, who, reason, body.path("window").asBoolean(false));
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

    /** With real identities a session is its owner's: another user can neither cut it off nor keep it alive. */
    private boolean notOwner(ChannelHandlerContext ctx, Identity identity, java.util.Optional<hoop.guard.LiveSessions.Grant> target, String action) {
        if (target.isEmpty() || !"oidc".equals(identity.source()) || identity.subject().equals(target.get().session().identity().subject())) {
            return false;
        }
        reply(ctx, HttpResponseStatus.FORBIDDEN, error("session " + target.get().session().id() + " belongs to "
                + target.get().session().identity().subject() + "; only its owner can " + action + " it"));
        return true;
    }

    private void createSession(ChannelHandlerContext ctx, FullHttpRequest req, ControlAuth.Caller caller) {
        JsonNode body = body(req);
        java.time.Duration ttl = java.time.Duration.ofSeconds(body.path("ttl_seconds").asLong(3600));
        sessions.create(body.path("connection").asText(""), ttl, caller.identity(), caller.expiresAt()).whenComplete((c, err) -> {
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

    private void exec(ChannelHandlerContext ctx, FullHttpRequest req, Identity identity) {
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
            p.addLast(new ExecFrameCodec(), new ExecSession(conn, new ExecRequest(name, args), identity));
            p.remove(ControlServer.AGGREGATOR);
            p.remove(ControlServer.HTTP_CODEC);
            p.remove(this);
        });
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
