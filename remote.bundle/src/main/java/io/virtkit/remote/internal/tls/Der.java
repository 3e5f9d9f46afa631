package io.virtkit.remote.internal.tls;

import java.io.ByteArrayOutputStream;

/**
 * The little DER the key files need: reading a SEC1 key's curve and wrapping PKCS#1 and SEC1 keys into PKCS#8,
 * which is all the JDK's key factories read.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** SEC1's {@code [0] parameters}: the curve's OID. */
    static final int CONTEXT_0 = 0xa0;

    /** rsaEncryption (1.2.840.113549.1.1.1). */
    private static final byte[] RSA_ENCRYPTION = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1};
    /** id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};

    private Der() {
    }

    /** A PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey. */
    static byte[] pkcs8FromPkcs1(byte[] rsaPrivateKey) {
        return pkcs8(tlv(SEQUENCE, tlv(OID, RSA_ENCRYPTION), tlv(NULL)), rsaPrivateKey);
    }

    /** A PKCS#8 PrivateKeyInfo around a SEC1 ECPrivateKey, its curve taken from the key's own parameters. */
    static byte[] pkcs8FromSec1(byte[] ecPrivateKey) {
        byte[] curve = sec1Curve(ecPrivateKey);
        return pkcs8(tlv(SEQUENCE, tlv(OID, EC_PUBLIC_KEY), tlv(OID, curve)), ecPrivateKey);
    }

    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return tlv(SEQUENCE, tlv(INTEGER, new byte[] {0}), algorithm, tlv(OCTET_STRING, key));
    }

    /** The curve OID's contents in SEC1's {@code ECPrivateKey ::= SEQUENCE { version, privateKey, [0] curve, [1] pub }}. */
    private static byte[] sec1Curve(byte[] der) {
        Reader outer = new Reader(der, 0, der.length);
        Reader key = outer.enter(SEQUENCE);
        key.skip(INTEGER);
        key.skip(OCTET_STRING);
        Reader params = key.enter(CONTEXT_0);
        return params.contents(OID);
    }

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** Reads tag-length-value elements in order from {@code [pos, end)}; malformed input fails with a plain reason. */
    private static final class Reader {
        private final byte[] der;
        private int pos;
        private final int end;

        Reader(byte[] der, int pos, int end) {
            this.der = der;
            this.pos = pos;
            this.end = end;
        }

        Reader enter(int tag) {
            int[] range = next(tag);
            return new Reader(der, range[0], range[1]);
        }

        void skip(int tag) {
            next(tag);
        }

        byte[] contents(int tag) {
            int[] range = next(tag);
            return java.util.Arrays.copyOfRange(der, range[0], range[1]);
        }

        private int[] next(int tag) {
            if (pos + 2 > end || (der[pos] & 0xff) != tag) {
                throw new IllegalArgumentException("malformed key (expected DER tag 0x" + Integer.toHexString(tag) + ")");
            }
            pos++;
            int len = der[pos++] & 0xff;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 3 || pos + bytes > end) {
                    throw new IllegalArgumentException("malformed key (bad DER length)");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = len << 8 | der[pos++] & 0xff;
                }
            }
            if (pos + len > end) {
                throw new IllegalArgumentException("malformed key (truncated)");
            }
            int[] range = {pos, pos + len};
            pos += len;
            return range;
        }
    }
}
