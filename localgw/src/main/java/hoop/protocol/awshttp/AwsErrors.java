package hoop.protocol.awshttp;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Errors in each protocol's own shape, so the CLI and SDKs print them as they print AWS's. */
final class AwsErrors {
    private AwsErrors() {}

    static FullHttpResponse error(AwsCall.Protocol protocol, HttpResponseStatus status, String code, String message) {
        String id = UUID.randomUUID().toString();
        String body;
        String type;
        HttpResponseStatus st = status;
        switch (protocol) {
            case JSON -> {
                // JSON protocols report client errors as 400 with the error type in __type.
                body = "{\"__type\":\"" + code + (code.endsWith("Exception") ? "" : "Exception") + "\",\"message\":\"" + json(message) + "\"}";
                type = "application/x-amz-json-1.1";
                st = HttpResponseStatus.BAD_REQUEST;
            }
            case QUERY -> {
                body = "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + xml(message)
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
        if (protocol == AwsCall.Protocol.JSON) r.headers().set("x-amzn-ErrorType", code);
        return r;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }
}
