package hoop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityConfigTest {
    private static final Path FILE = Path.of("hoop.yaml");

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(FILE, yaml, Map.of()));
    }

    @Test
    void localIsTheDefault() {
        IdentityConfig id = ConfigLoader.parse(FILE, "gateway: { listen: 127.0.0.1:0 }\n", Map.of()).identity();
        assertEquals(IdentityConfig.Mode.LOCAL, id.mode());
    }

    @Test
    void oidcSectionLoads() {
        IdentityConfig id = ConfigLoader.parse(FILE, """
                identity: { mode: oidc, issuer: https://id.example.com/realms/eng, client_id: hoop-cli, audience: hoop,
                            groups_claim: roles, clock_skew: 10s }
                """, Map.of()).identity();
        assertTrue(id.oidc());
        assertEquals("https://id.example.com/realms/eng", id.issuer().toString());
        assertEquals("hoop-cli", id.clientId());
        assertEquals("hoop", id.audience());
        assertEquals("roles", id.groupsClaim());
        assertEquals(List.of("openid"), id.scopes());
        assertEquals(10, id.clockSkew().toSeconds());
    }

    @Test
    void oidcNeedsIssuerAndAudience() {
        ConfigException e = error("identity:\n  mode: oidc\n  audience: hoop\n");
        assertEquals("identity.issuer", e.field());
        assertTrue(e.getMessage().startsWith("hoop.yaml:2:"), e.getMessage());
        e = error("identity:\n  mode: oidc\n  issuer: https://id.example.com\n");
        assertEquals("identity.audience", e.field());
    }

    @Test
    void badValuesArePointedAt() {
        ConfigException e = error("identity:\n  mode: ldap\n");
        assertEquals("identity.mode", e.field());
        assertEquals(2, e.location().line());
        assertTrue(e.getMessage().contains("[local, oidc]"), e.getMessage());
        e = error("identity:\n  mode: oidc\n  audience: hoop\n  issuer: http://id.example.com\n");
        assertEquals("identity.issuer", e.field());
        assertEquals(4, e.location().line());
        assertTrue(e.getMessage().contains("must be https"), e.getMessage());
        e = error("identity:\n  mode: oidc\n  issuer: https://x\n  audience: hoop\n  claims: x\n");
        assertTrue(e.getMessage().contains("unknown field 'claims'"), e.getMessage());
        e = error("identity:\n  audience: hoop\n");
        assertTrue(e.getMessage().contains("only applies to mode: oidc"), e.getMessage());
    }

    @Test
    void matchAcceptsGroups() {
        HoopConfig cfg = ConfigLoader.parse(FILE, """
                policies:
                  p:
                    rules:
                      - { action: deny, match: { groups: [dev] } }
                """, Map.of());
        assertEquals(List.of("dev"), cfg.policies().get("p").rules().get(0).match().groups());
    }
}
