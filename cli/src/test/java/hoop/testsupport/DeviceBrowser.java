package hoop.testsupport;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the human's part of the OAuth 2.0 Device Authorization Grant (RFC 8628) against Keycloak 26's
 * HTML pages, over plain HTTP, the way a browser would: follows redirects, keeps cookies, fills forms.
 *
 * <p>Pages handled (theme {@code keycloak.v2}):
 * <ol>
 *   <li>user-code page ({@code form#kc-user-verify-device-user-code-form}, field {@code device_user_code}) — only
 *       when started from {@code verification_uri} without the code;</li>
 *   <li>login page ({@code form#kc-form-login}: {@code username}, {@code password}, {@code credentialId});</li>
 *   <li>device grant page "Grant Access to &lt;client&gt;" ({@code .../login-actions/consent}: hidden {@code code},
 *       submit {@code accept} = Yes or {@code cancel} = No). Keycloak shows it on <em>every</em> device flow,
 *       even with {@code consentRequired=false};</li>
 *   <li>end page {@code /realms/<realm>/device/status} (approved) or {@code .../device/status?error=access_denied}.</li>
 * </ol>
 * An instance is one browser (one cookie jar): a second flow in the same instance re-uses the SSO session and
 * goes straight to the grant page. Not thread-safe.
 */
public final class DeviceBrowser {

    public enum Outcome { APPROVED, DENIED }

    /** Final state: outcome, the last URL reached, and the pages visited (for debugging). */
    public record Result(Outcome outcome, URI finalUri, List<String> steps) { }

    /** Thrown when a page is not what the flow expects (bad credentials, invalid/expired user code, ...). */
    public static final class BrowserException extends RuntimeException {
        private final URI uri;
        private final String page;

        BrowserException(String msg, URI uri, String page) {
            super(msg + " at " + uri);
            this.uri = uri;
            this.page = page;
        }

        public URI uri() {
            return uri;
        }

        public String page() {
            return page;
        }
    }

    private static final String ACCEPT_HTML =
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final int MAX_STEPS = 10;

    private final HttpClient http;
    private final Duration timeout;

    public DeviceBrowser() {
        this(Duration.ofSeconds(30));
    }

    public DeviceBrowser(Duration requestTimeout) {
        this.timeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL) // 302 after POST -> GET, like a browser
                .cookieHandler(new InsecureCookieJar())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** One-shot: fresh browser, open {@code verification_uri_complete}, log in, press Yes. */
    public static Result approve(String verificationUriComplete, String username, String password) {
        return new DeviceBrowser().complete(verificationUriComplete, null, username, password, true);
    }

    /** One-shot: fresh browser, open {@code verification_uri_complete}, log in, press No. */
    public static Result deny(String verificationUriComplete, String username, String password) {
        return new DeviceBrowser().complete(verificationUriComplete, null, username, password, false);
    }

    /**
     * @param verificationUri {@code verification_uri_complete}, or {@code verification_uri} together with userCode
     * @param userCode        user code to type into the code page, or null if the URI already carries it
     * @param approve         true = "Yes" on the grant page, false = "No"
     */
    public Result complete(String verificationUri, String userCode, String username, String password, boolean approve) {
        List<String> steps = new ArrayList<>();
        Page page = get(URI.create(verificationUri), steps);
        boolean loginSubmitted = false;
        boolean codeSubmitted = false;
        for (int i = 0; i < MAX_STEPS; i++) {
            String path = page.uri.getPath();
            if (path.endsWith("/device/status")) {
                String q = page.uri.getRawQuery() == null ? "" : page.uri.getRawQuery();
                if (q.contains("error=")) {
                    if (q.contains("error=access_denied")) {
                        return new Result(Outcome.DENIED, page.uri, steps);
                    }
                    throw new BrowserException("device verification failed (" + q + "): " + feedback(page.body),
                            page.uri, page.body);
                }
                return new Result(Outcome.APPROVED, page.uri, steps);
            }

            Form userCodeForm = Form.find(page, "kc-user-verify-device-user-code-form", null);
            if (userCodeForm != null) {
                if (codeSubmitted || userCode == null) {
                    String fb = feedback(page.body);
                    throw new BrowserException(fb.isEmpty() ? "user code page shown but no user code given"
                            : "user code rejected: " + fb, page.uri, page.body);
                }
                userCodeForm.fields.put("device_user_code", userCode);
                page = post(userCodeForm, steps);
                codeSubmitted = true;
                continue;
            }

            Form login = Form.find(page, "kc-form-login", null);
            if (login != null) {
                if (loginSubmitted) {
                    throw new BrowserException("login failed: " + feedback(page.body), page.uri, page.body);
                }
                login.fields.put("username", username);
                login.fields.put("password", password);
                login.fields.putIfAbsent("credentialId", "");
                page = post(login, steps);
                loginSubmitted = true;
                continue;
            }

            Form consent = Form.find(page, null, "/login-actions/consent");
            if (consent != null) {
                if (approve) {
                    consent.fields.put("accept", "Yes");
                } else {
                    consent.fields.put("cancel", "No");
                }
                page = post(consent, steps);
                continue;
            }

            throw new BrowserException("unexpected page (HTTP " + page.status + ", title '" + title(page.body) + "'"
                    + (feedback(page.body).isEmpty() ? "" : ", message '" + feedback(page.body) + "'") + ")",
                    page.uri, page.body);
        }
        throw new BrowserException("too many steps " + steps, page.uri, page.body);
    }

    // ---------------------------------------------------------------- HTTP

    private record Page(URI uri, int status, String body) { }

    private Page get(URI uri, List<String> steps) {
        HttpRequest req = browserRequest(uri).GET().build();
        return send(req, steps);
    }

    private Page post(Form form, List<String> steps) {
        StringJoiner body = new StringJoiner("&");
        form.fields.forEach((k, v) -> body.add(enc(k) + "=" + enc(v)));
        HttpRequest req = browserRequest(form.action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return send(req, steps);
    }

    private HttpRequest.Builder browserRequest(URI uri) {
        // Accept: text/html matters: POST /realms/<r>/device is both the device authorization endpoint (JSON)
        // and the user-code form target; Keycloak picks the HTML one only for Accept: text/html.
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", ACCEPT_HTML)
                .header("Accept-Language", "en")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) hoop-DeviceBrowser/1.0");
    }

    private Page send(HttpRequest req, List<String> steps) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            steps.add(req.method() + " " + req.uri() + " -> " + r.statusCode() + " " + r.uri());
            if (r.statusCode() >= 400) {
                throw new BrowserException("HTTP " + r.statusCode() + ": " + abbreviate(r.body()), r.uri(), r.body());
            }
            return new Page(r.uri(), r.statusCode(), r.body());
        } catch (IOException e) {
            throw new BrowserException("I/O error: " + e, req.uri(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserException("interrupted", req.uri(), "");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    // ---------------------------------------------------------------- HTML (regex, good enough for Keycloak's templates)

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    // keycloak.v2: <span class="pf-v5-c-alert__title kc-feedback-text">..</span>; login errors: <span id="input-error" ...>
    private static final Pattern FEEDBACK = Pattern.compile(
            "<span[^>]*(?:kc-feedback-text|id=\"input-error[^\"]*\")[^>]*>(.*?)</span>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private static final class Form {
        final URI action;
        final Map<String, String> fields = new LinkedHashMap<>();

        private Form(URI action) {
            this.action = action;
        }

        /** First form with the given id (if non-null) whose action contains actionPart (if non-null). */
        static Form find(Page page, String id, String actionPart) {
            Matcher m = FORM.matcher(page.body);
            while (m.find()) {
                Map<String, String> attrs = attrs(m.group(1));
                String action = attrs.getOrDefault("action", "");
                if (id != null && !id.equals(attrs.get("id"))) {
                    continue;
                }
                if (actionPart != null && !action.contains(actionPart)) {
                    continue;
                }
                Form f = new Form(action.isEmpty() ? page.uri : page.uri.resolve(action));
                Matcher in = INPUT.matcher(m.group(2));
                while (in.find()) {
                    Map<String, String> ia = attrs(in.group(1));
                    String name = ia.get("name");
                    String type = ia.getOrDefault("type", "text").toLowerCase();
                    if (name == null || name.isEmpty() || type.equals("submit") || type.equals("button")
                            || ((type.equals("checkbox") || type.equals("radio")) && !ia.containsKey("checked"))) {
                        continue;
                    }
                    f.fields.put(name, ia.getOrDefault("value", ""));
                }
                return f;
            }
            return null;
        }
    }

    private static Map<String, String> attrs(String tagInside) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher a = ATTR.matcher(tagInside);
        while (a.find()) {
            String v = a.group(3) != null ? a.group(3) : a.group(4);
            out.put(a.group(1).toLowerCase(), unescape(v));
        }
        // boolean attributes such as "checked"
        for (String token : tagInside.replaceAll("(\"[^\"]*\"|'[^']*')", "").split("[\\s/]+")) {
            if (!token.isEmpty() && !token.contains("=")) {
                out.putIfAbsent(token.toLowerCase(), "");
            }
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> new String(Character.toChars(e.startsWith("#x")
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String title(String html) {
        Matcher m = TITLE.matcher(html);
        return m.find() ? unescape(m.group(1).strip()) : "";
    }

    /** Error/info messages Keycloak rendered on the page ("Invalid username or password.", "Invalid code, ..."). */
    static String feedback(String html) {
        StringJoiner j = new StringJoiner(" | ");
        Matcher m = FEEDBACK.matcher(html);
        while (m.find()) {
            String t = unescape(m.group(1).replaceAll("<[^>]*>", "")).strip().replaceAll("\\s+", " ");
            if (!t.isEmpty()) {
                j.add(t);
            }
        }
        return j.toString();
    }

    // ---------------------------------------------------------------- cookies

    /**
     * Minimal browser-like cookie jar. Needed because Keycloak 26 marks AUTH_SESSION_ID, KC_RESTART, ... as
     * {@code Secure; SameSite=None} even on plain http, and {@link java.net.CookieManager} never sends Secure
     * cookies over http (browsers and curl make an exception for localhost). Also avoids CookieManager's RFC 2965
     * formatting ({@code $Version=...}) of Keycloak's {@code Version=1} cookies. Host-only, path-matched; Secure,
     * SameSite, Domain are ignored (single-host test use).
     */
    static final class InsecureCookieJar extends CookieHandler {
        private record Key(String host, String path, String name) { }

        private final Map<Key, String> cookies = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            String host = uri.getHost();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            StringJoiner j = new StringJoiner("; ");
            cookies.forEach((k, v) -> {
                if (k.host.equalsIgnoreCase(host) && pathMatches(path, k.path)) {
                    j.add(k.name + "=" + v);
                }
            });
            return j.length() == 0 ? Collections.emptyMap() : Map.of("Cookie", List.of(j.toString()));
        }

        @Override
        public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
            for (Map.Entry<String, List<String>> h : responseHeaders.entrySet()) {
                if (h.getKey() == null || !h.getKey().equalsIgnoreCase("Set-Cookie")) {
                    continue;
                }
                for (String sc : h.getValue()) {
                    parse(uri, sc);
                }
            }
        }

        private void parse(URI uri, String setCookie) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                return;
            }
            String name = parts[0].substring(0, eq).strip();
            String value = parts[0].substring(eq + 1).strip(); // keep quotes verbatim, like a browser
            String path = defaultPath(uri);
            boolean delete = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                int e = p.indexOf('=');
                String an = (e < 0 ? p : p.substring(0, e)).strip().toLowerCase();
                String av = e < 0 ? "" : p.substring(e + 1).strip();
                switch (an) {
                    case "path" -> path = av.isEmpty() ? path : av;
                    case "max-age" -> {
                        try {
                            delete |= Long.parseLong(av) <= 0;
                        } catch (NumberFormatException ignored) {
                            // ignore
                        }
                    }
                    case "expires" -> delete |= av.contains("1970");
                    default -> { }
                }
            }
            Key k = new Key(uri.getHost(), path, name);
            if (delete || value.isEmpty()) {
                cookies.remove(k);
            } else {
                cookies.put(k, value);
            }
        }

        private static String defaultPath(URI uri) {
            String p = uri.getRawPath();
            if (p == null || !p.startsWith("/") || p.lastIndexOf('/') == 0) {
                return "/";
            }
            return p.substring(0, p.lastIndexOf('/'));
        }

        private static boolean pathMatches(String requestPath, String cookiePath) {
            if (requestPath.equals(cookiePath) || cookiePath.equals("/")) {
                return true;
            }
            if (requestPath.startsWith(cookiePath)) {
                return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
            }
            // "/realms/eng/" cookie also applies to "/realms/eng"
            return cookiePath.endsWith("/") && requestPath.equals(cookiePath.substring(0, cookiePath.length() - 1));
        }
    }
}
