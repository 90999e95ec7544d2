package hoop.protocol.awshttp;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Errors in each protocol's own shape, so the CLI and SDKs print them as they print AWS's. Callers name the
 * error as S3 does ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"); the query and JSON
 * protocols call some of them otherwise, as AWS's own services do.
 */
final class AwsErrors {
    private static final Map<String, String> QUERY_CODES = Map.of("InvalidAccessKeyId", "InvalidClientTokenId");
    private static final Map<String, String> JSON_TYPES = Map.of("InvalidAccessKeyId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "InvalidSignatureException", "RequestTimeTooSkewed", "InvalidSignatureException");

    private AwsErrors() {}

    static FullHttpResponse error(AwsCall.Protocol protocol, HttpResponseStatus status, String code, String message) {
        String id = UUID.randomUUID().toString();
        String queryCode = QUERY_CODES.getOrDefault(code, code);
        String fault = status.code() >= 500 ? "Receiver" : "Sender";
        String body;
        String type;
        HttpResponseStatus st = status;
        switch (protocol) {
            case JSON -> {
                String jsonType = JSON_TYPES.getOrDefault(code, code.endsWith("Exception") ? code : code + "Exception");
                body = "{\"__type\":\"" + jsonType + "\",\"message\":\"" + json(message) + "\"}";
                type = "application/x-amz-json-1.1";
                // JSON protocols answer every client error with 400; a 5xx stays one, so SDKs retry it.
                if (status.code() < 500) st = HttpResponseStatus.BAD_REQUEST;
                code = jsonType;
            }
            case QUERY -> {
                body = "<ErrorResponse><Error><Type>" + fault + "</Type><Code>" + queryCode + "</Code><Message>" + xml(message)
                        + "</Message></Error><RequestId>" + id + "</RequestId></ErrorResponse>";
                type = "text/xml";
            }
            default -> {
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + xml(message)
                        + "</Message><RequestId>" + id + "</RequestId></Error>";
                type = "application/xml";
            }
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, st, Unpooled.wrappedBuffer(b));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, b.length)
                .set("x-amz-request-id", id).set("x-amzn-RequestId", id);
        if (protocol == AwsCall.Protocol.JSON) {
            r.headers().set("x-amzn-ErrorType", code);
            // Services that moved from query to JSON (SQS) keep their query codes: clients read them from here.
            r.headers().set("x-amzn-query-error", queryCode + ";" + fault);
        }
        return r;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
