package hoop.core;

import java.util.List;

/** Who is behind a session: the local OS user in local mode, or an OIDC token's sub, email and groups. */
public record Identity(String subject, String email, List<String> groups, String source) {
    public Identity {
        groups = List.copyOf(groups);
    }

    public static Identity localUser() {
        return new Identity(System.getProperty("user.name", "unknown"), null, List.of(), "local");
    }
}
