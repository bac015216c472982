package io.shardloop.tls;

/**
 * Bouncy Castle (org.bouncycastle:bcpkix-jdk18on) is an optional dependency of shardloop-core: only PEM private
 * keys and {@code --tls-self-signed} need it. Asking for either without it fails here, at start, with what to
 * add, instead of a {@link NoClassDefFoundError}. Stateless; any thread.
 */
public final class BouncyCastle {
    static final String COORDINATES = "org.bouncycastle:bcpkix-jdk18on";
    private static final String PROBE = "org.bouncycastle.openssl.PEMParser";

    private BouncyCastle() {
    }

    /** Whether {@code loader} sees Bouncy Castle's PKIX classes. */
    public static boolean visible(ClassLoader loader) {
        try {
            Class.forName(PROBE, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Throws {@link TlsSetupException} naming {@code what} needs it and the coordinates to add, if it is missing. */
    static void require(String what) {
        if (!visible(BouncyCastle.class.getClassLoader())) {
            throw new TlsSetupException(what + " needs " + COORDINATES + " on the class path (an optional dependency"
                    + " of shardloop-core); add it, or give a PKCS#12 keystore or an SSLContext of your own");
        }
    }
}
