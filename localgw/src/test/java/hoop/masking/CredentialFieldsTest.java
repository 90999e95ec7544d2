package hoop.masking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aws_credential's hand-run finder finds what its regex finds (the NaiveMasker runs the regex). */
class CredentialFieldsTest {
    private static final MaskingRules RULES = MaskingRules.of(List.of("aws_credential"), Map.of(), List.of(), Style.REDACT);

    @Test
    void theFinderAgreesWithTheRegex() {
        Masker fast = Masker.create(RULES, new byte[0], List.of());
        NaiveMasker naive = NaiveMasker.create(RULES, new byte[0], List.of());
        for (String t : List.of("{\"SessionToken\":\"a\\\"b\\\\\",\"x\":1}", "\"sessiontoken\"  :\t\"v\"", "\"SessionToken\"         :\"v\"",
                "\"SessionToken\":        \"v\"", "\"SessionToken\":         \"v\"", "\"Password\": \"a\\\nb\"", "\"Password\": \"ab\\",
                "<SecretAccessKey>k</SecretAccessKey><SessionToken></SessionToken>", "<password>p<q</password>", "\"IdToken\":\"\"",
                "x\"ClientSecret\":\"s\" \"KeyMaterial\": \"-----BEGIN\\nX\"", "<<SecretKey>>v<", "\"\"SecretKey\":\"v\"",
                "u?x-amz-signature=a b&X-Amz-Security-Token=t\\u0026c;Signature=s<", "?Signature=&Signature=x\"")) {
            assertEquals(naive.mask(t), fast.mask(t), t);
        }
    }

    /** Secrets AWS hands out under keys of their own: a VPN's pre-shared keys, an MFA seed, a bearer URL, a master password. */
    @Test
    void secretsUnderTheirServicesOwnKeysAreMasked() {
        Masker m = Masker.create(RULES, new byte[0], List.of());
        for (String[] t : List.of(new String[] {"<preSharedKey>pskpskpsk</preSharedKey>", "pskpskpsk"},
                new String[] {"\"CustomerGatewayConfiguration\": \"<ike><pre_shared_key>gwpskgw</pre_shared_key>\"", "gwpskgw"},
                new String[] {"{\"VirtualMFADevice\":{\"Base32StringSeed\":\"JBSWY3DPEHPK3PXP\"}}", "JBSWY3DPEHPK3PXP"},
                new String[] {"{\"masterUserPassword\":\"m4st3r\"}", "m4st3r"}, new String[] {"{\"authKey\":\"bgpkey\"}", "bgpkey"},
                new String[] {"{\"StreamingURL\":\"https://appstream2.example/authenticate?parameters=abc\"}", "parameters=abc"},
                new String[] {"{\"CliToken\":\"airflowtok\"}", "airflowtok"},
                new String[] {"{\"InstanceAccess\":{\"Credentials\":{\"UserName\":\"gl\",\"Secret\":\"-----BEGIN RSA PRIVATE KEY-----x\"}}}", "BEGIN RSA"},
                new String[] {"{\"tunnelId\":\"t\",\"sourceAccessToken\":\"srcTok3n\",\"destinationAccessToken\":\"dstTok3n\"}", "Tok3n"},
                new String[] {"{\"AuthCode\":\"tr4nsferC0de\"}", "tr4nsferC0de"},
                new String[] {"{\"Bot\":{\"BotId\":\"b\",\"SecurityToken\":\"b0tT0ken\"}}", "b0tT0ken"},
                new String[] {"{\"HLSStreamingSessionURL\":\"https://b-1.kinesisvideo.example/hls/v1/getHLSMasterPlaylist.m3u8?SessionToken=CiAbCdEf\"}", "CiAbCdEf"})) {
            assertFalse(m.mask(t[0]).contains(t[1]), t[0]);
        }
    }
}
