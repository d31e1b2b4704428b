package io.backupwebhooks.shared.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Refuses webhook targets that are not public internet addresses (SSRF guard: a customer URL must not reach
 * loopback, the VPC or the cloud metadata service). The check runs on the exact addresses we connect to:
 * {@link #resolve} does the only DNS lookup and the caller connects to what it returns, so DNS cannot answer
 * differently between check and use. Literals are parsed like browsers and curl do (WHATWG URL host parser),
 * so spellings such as "2130706433" or "0x7f.1" are judged as the address they really are.
 */
public final class PublicAddressGuard {

    /** A host resolved to at least one refused address; the message says which and why. */
    public static final class BlockedAddressException extends Exception {
        public BlockedAddressException(String message) {
            super(message);
        }
    }

    /** A CIDR range; if embeddedV4At >= 0, the IPv4 address at that byte offset is judged instead. */
    private record Range(byte[] network, int bits, String reason, int embeddedV4At) {
        static Range of(String cidr, String reason) {
            return of(cidr, reason, -1);
        }

        static Range of(String cidr, String reason, int embeddedV4At) {
            int slash = cidr.indexOf('/');
            byte[] network = literal(cidr.substring(0, slash)).orElseThrow().getAddress();
            if (cidr.contains(":") && network.length == 4) { // Java turns ::ffff:0:0 into 0.0.0.0: map it back
                network =
                        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, network[0], network[1], network[2], network[3]
                        };
            }
            return new Range(network, Integer.parseInt(cidr.substring(slash + 1)), reason + " " + cidr, embeddedV4At);
        }

        boolean contains(byte[] address) {
            boolean match = address.length == network.length;
            for (int bit = 0; match && bit < bits; bit++) {
                match = ((address[bit / 8] ^ network[bit / 8]) & (0x80 >>> (bit % 8))) == 0;
            }
            return match;
        }
    }

    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0/8", "unspecified / this network"),
            Range.of("10.0.0.0/8", "private network"),
            Range.of("100.64.0.0/10", "carrier-grade NAT"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local / cloud metadata"),
            Range.of("172.16.0.0/12", "private network"),
            Range.of("192.0.0.0/24", "IETF protocol assignments"),
            Range.of("192.0.2.0/24", "documentation"),
            Range.of("192.88.99.0/24", "6to4 relay anycast"),
            Range.of("192.168.0.0/16", "private network"),
            Range.of("198.18.0.0/15", "benchmarking"),
            Range.of("198.51.100.0/24", "documentation"),
            Range.of("203.0.113.0/24", "documentation"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("255.255.255.255/32", "broadcast"),
            Range.of("240.0.0.0/4", "reserved"));

    private static final Range IPV4_MAPPED = Range.of("::ffff:0:0/96", "IPv4-mapped", 12);
    /**
     * Special-purpose blocks inside 2001::/23 that IANA's IPv6 special-purpose registry marks globally reachable
     * (PCP, TURN and DNS-SD SRP anycast, AMT, AS112-v6): they are judged like any global address.
     */
    private static final List<Range> IETF_GLOBAL = List.of(
            Range.of("2001:1::1/128", "PCP anycast"),
            Range.of("2001:1::2/128", "TURN anycast"),
            Range.of("2001:1::3/128", "DNS-SD SRP anycast"),
            Range.of("2001:3::/32", "AMT"),
            Range.of("2001:4:112::/48", "AS112-v6"));
    /**
     * First match wins: ::/128 and ::1/128 before ::/96, the named blocks of 2001::/23 before the block itself.
     * Whatever is left must be in 2000::/3 (global unicast). ORCHIDv2 and DRIP are marked globally reachable in the
     * registry, but they are host identifiers that are not routable at the IP layer (RFC 7343, RFC 9374), so no
     * listener can be there.
     */
    private static final List<Range> IPV6 = List.of(
            Range.of("::/128", "unspecified"),
            Range.of("::1/128", "loopback"),
            IPV4_MAPPED,
            Range.of("::/96", "IPv4-compatible", 12),
            Range.of("64:ff9b::/96", "NAT64", 12),
            Range.of("64:ff9b:1::/48", "local-use NAT64"),
            Range.of("2002::/16", "6to4", 2),
            Range.of("2001::/32", "Teredo"),
            Range.of("2001:2::/48", "benchmarking"),
            Range.of("2001:10::/28", "ORCHID (deprecated)"),
            Range.of("2001:20::/28", "ORCHIDv2 (not routable)"),
            Range.of("2001:30::/28", "DRIP entity tags (not routable)"),
            Range.of("2001::/23", "IETF protocol assignments"),
            Range.of("2001:db8::/32", "documentation"),
            Range.of("3fff::/20", "documentation"),
            Range.of("100::/64", "discard"),
            Range.of("fc00::/7", "unique local (incl. AWS metadata fd00:ec2::254)"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "site-local"),
            Range.of("ff00::/8", "multicast"));

    private static final Range GLOBAL_UNICAST = Range.of("2000::/3", "global unicast");

    private final boolean allowLoopback;

    /** allowLoopback: a test-only switch (off in production) that additionally allows 127.0.0.0/8 and ::1. */
    public PublicAddressGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Why this address is refused (e.g. "private network 10.0.0.0/8"), or empty when it is a public address. */
    public Optional<String> refusal(InetAddress address) {
        if (allowLoopback && address.isLoopbackAddress()) { // exactly 127.0.0.0/8 and ::1
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return refusalV4(bytes, false);
        }
        boolean ietfGlobal = IETF_GLOBAL.stream().anyMatch(range -> range.contains(bytes));
        for (Range range : IPV6) {
            if (!ietfGlobal && range.contains(bytes)) {
                if (range.embeddedV4At() < 0) {
                    return Optional.of(range.reason());
                }
                byte[] v4 = Arrays.copyOfRange(bytes, range.embeddedV4At(), range.embeddedV4At() + 4);
                String dotted = (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
                return refusalV4(v4, allowLoopback && range == IPV4_MAPPED)
                        .map(why -> why + " (" + dotted + " embedded in " + range.reason() + ")");
            }
        }
        return GLOBAL_UNICAST.contains(bytes) ? Optional.empty() : Optional.of("not global unicast (outside 2000::/3)");
    }

    private static Optional<String> refusalV4(byte[] v4, boolean allowLoopback) {
        if (allowLoopback && v4[0] == 127) {
            return Optional.empty();
        }
        return IPV4.stream()
                .filter(range -> range.contains(v4))
                .map(Range::reason)
                .findFirst();
    }

    /**
     * The host of a URL as an address literal: IPv6 with or without brackets, IPv4 in every spelling the WHATWG URL
     * host parser accepts (1 to 4 parts, decimal / 0x hex / leading-0 octal, trailing dot). Empty for a DNS name.
     * IllegalArgumentException for a host that looks numeric but is no valid address ("256.1.1.1"). No DNS lookup.
     */
    public static Optional<InetAddress> literal(String host) {
        boolean bracketed = host.length() >= 2 && host.startsWith("[") && host.endsWith("]");
        String text = bracketed ? host.substring(1, host.length() - 1) : host;
        if (bracketed || text.indexOf(':') >= 0) {
            // Only hex digits, ':' and '.' reach InetAddress: no zone ids, nothing it could take for a name to look up.
            if (text.indexOf(':') >= 0 && text.chars().allMatch(c -> ":.0123456789abcdefABCDEF".indexOf(c) >= 0)) {
                try {
                    return Optional.of(InetAddress.getByName(text));
                } catch (UnknownHostException invalid) {
                    // falls through to the refusal below
                }
            }
            throw new IllegalArgumentException("Not a valid IPv6 address: " + host);
        }
        List<String> parts = new ArrayList<>(Arrays.asList(text.split("\\.", -1)));
        if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
            parts.remove(parts.size() - 1); // trailing dot
        }
        String last = parts.get(parts.size() - 1);
        boolean endsInNumber =
                (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) || ipv4Number(last) != null;
        return endsInNumber ? Optional.of(ipv4(parts, host)) : Optional.empty();
    }

    /** WHATWG "IPv4 parser": every part but the last is one byte, the last one fills the remaining bytes. */
    private static InetAddress ipv4(List<String> parts, String host) {
        long value = 0;
        for (int i = 0; i < parts.size(); i++) {
            BigInteger number = ipv4Number(parts.get(i));
            int bytes = i == parts.size() - 1 ? 4 - i : 1;
            if (parts.size() > 4 || number == null || number.bitLength() > 8 * bytes) {
                throw new IllegalArgumentException("Not a valid IPv4 address: " + host);
            }
            value |= number.longValue() << (8 * (4 - i - bytes));
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** WHATWG "IPv4 number parser": 0x/0X prefix is hex, a leading 0 octal, else decimal; null if not a number. */
    static BigInteger ipv4Number(String part) {
        boolean hex = part.startsWith("0x") || part.startsWith("0X");
        int radix = hex ? 16 : part.length() >= 2 && part.startsWith("0") ? 8 : 10;
        String digits = part.substring(radix == 16 ? 2 : radix == 8 ? 1 : 0);
        if (part.isEmpty() || !digits.chars().allMatch(c -> c < 0x80 && Character.digit(c, radix) >= 0)) {
            return null;
        }
        return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, radix);
    }

    /**
     * Resolves host (an address literal per {@link #literal}, else one DNS lookup) and returns all its addresses;
     * the caller connects to these only. BlockedAddressException if any of them is refused.
     */
    public List<InetAddress> resolve(String host) throws BlockedAddressException, UnknownHostException {
        if (host == null || host.isBlank()) {
            throw new UnknownHostException("empty host"); // InetAddress would answer with loopback
        }
        Optional<InetAddress> literal = literal(host);
        List<InetAddress> all = literal.isPresent() ? List.of(literal.get()) : List.of(InetAddress.getAllByName(host));
        for (InetAddress address : all) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) {
                throw new BlockedAddressException(address.getHostAddress() + " is refused: " + why.get());
            }
        }
        return all;
    }
}
