package hoop.core.aws;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address ranges a firewall rule may name, told apart into those inside private networks and all others. Not only
 * 0.0.0.0/0 opens a port to the internet: 0.0.0.0/1 with 128.0.0.0/1 does too, and so does any one public address
 * (someone outside the account's networks). What is not read as a strictly written range is taken as public.
 */
final class Cidrs {
    private static final Pattern V4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})/(0|[1-9]\\d?)");
    private static final Pattern V6 = Pattern.compile("([0-9A-Fa-f]*:[0-9A-Fa-f:]*)/(0|[1-9]\\d{0,2})");
    /** RFC 1918, shared address space (RFC 6598), loopback, link-local; unique local and link-local IPv6. */
    private static final List<String> PRIVATE_V4 = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16");
    private static final List<String> PRIVATE_V6 = List.of("fc00::/7", "fe80::/10");

    private Cidrs() {}

    /** Whether the range lies wholly inside a private network. */
    static boolean internal(String cidr) {
        String c = cidr.strip();
        Matcher m = V4.matcher(c);
        if (m.matches()) {
            long addr = 0;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m.group(i));
                if (octet > 255) return false;
                addr = addr << 8 | octet;
            }
            int bits = Integer.parseInt(m.group(5));
            if (bits > 32) return false;
            for (String p : PRIVATE_V4) {
                String[] f = p.split("/");
                int pb = Integer.parseInt(f[1]);
                if (bits >= pb && (addr >>> (32 - pb)) == (v4(f[0]) >>> (32 - pb))) return true;
            }
            return false;
        }
        m = V6.matcher(c);
        if (!m.matches()) return false;
        int bits = Integer.parseInt(m.group(2));
        BigInteger addr = v6(m.group(1));
        if (addr == null || bits > 128) return false;
        for (String p : PRIVATE_V6) {
            String[] f = p.split("/");
            int pb = Integer.parseInt(f[1]);
            if (bits >= pb && addr.shiftRight(128 - pb).equals(v6(f[0]).shiftRight(128 - pb))) return true;
        }
        return false;
    }

    private static long v4(String dotted) {
        long a = 0;
        for (String o : dotted.split("\\.")) a = a << 8 | Integer.parseInt(o);
        return a;
    }

    /** Only hex digits and colons (one at least) reach here, so no name is looked up; an IPv4-mapped form (read as IPv4) is refused. */
    private static BigInteger v6(String text) {
        try {
            return InetAddress.getByName(text) instanceof Inet6Address a ? new BigInteger(1, a.getAddress()) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
