package hoop.identity;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/** Ed25519 signatures with the JDK's own provider (Nimbus's verifier would need Tink on the class path). */
final class EdDsa {
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private EdDsa() {}

    static boolean verify(OctetKeyPair key, SignedJWT jwt) throws Exception {
        byte[] x = key.getX().decode();
        if (x.length != 32) return false;
        byte[] spki = new byte[SPKI_PREFIX.length + 32];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, SPKI_PREFIX.length, 32);
        Signature sig = Signature.getInstance("Ed25519");
        sig.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        sig.update(jwt.getSigningInput());
        return sig.verify(jwt.getSignature().decode());
    }

}
