package io.backupwebhooks.shared.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.backupwebhooks.shared.net.PublicAddressGuard.BlockedAddressException;

class PublicAddressGuardTest {

    private final PublicAddressGuard guard = new PublicAddressGuard(false);
    private final PublicAddressGuard loopbackAllowed = new PublicAddressGuard(true);

    @ParameterizedTest(name = "given host {0}, when resolved, then refused as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1                      | loopback 127.0.0.0/8
            127.0.0.1.                     | loopback 127.0.0.0/8
            127.255.255.254                | loopback 127.0.0.0/8
            2130706433                     | loopback 127.0.0.0/8
            0x7f.1                         | loopback 127.0.0.0/8
            0X7F.0.0.1                     | loopback 127.0.0.0/8
            0177.0.0.1                     | loopback 127.0.0.0/8
            127.1                          | loopback 127.0.0.0/8
            0x7f000001                     | loopback 127.0.0.0/8
            017700000001                   | loopback 127.0.0.0/8
            [::1]                          | loopback ::1/128
            ::1                            | loopback ::1/128
            [::ffff:127.0.0.1]             | loopback 127.0.0.0/8
            [::ffff:7f00:1]                | loopback 127.0.0.0/8
            [0:0:0:0:0:ffff:a9fe:a9fe]     | link-local / cloud metadata 169.254.0.0/16
            169.254.169.254                | link-local / cloud metadata 169.254.0.0/16
            0xa9fea9fe                     | link-local / cloud metadata 169.254.0.0/16
            [fd00:ec2::254]                | unique local
            [::127.0.0.1]                  | loopback 127.0.0.0/8 (127.0.0.1 embedded in IPv4-compatible ::/96)
            [::a9fe:a9fe]                  | link-local / cloud metadata 169.254.0.0/16 (169.254.169.254 embedded
            [64:ff9b::a00:1]               | private network 10.0.0.0/8 (10.0.0.1 embedded in NAT64 64:ff9b::/96)
            [64:ff9b:1::808:808]           | local-use NAT64 64:ff9b:1::/48
            [2002:a00:1::]                 | private network 10.0.0.0/8 (10.0.0.1 embedded in 6to4 2002::/16)
            [2002:7f00:1::1]               | loopback 127.0.0.0/8 (127.0.0.1 embedded in 6to4 2002::/16)
            [2001::1]                      | Teredo 2001::/32
            [2001:0:4136:e378::1]          | Teredo 2001::/32
            [2001:db8::1]                  | documentation 2001:db8::/32
            [2001:2::1]                    | benchmarking 2001:2::/48
            [2001:2:0:ffff::1]             | benchmarking 2001:2::/48
            [2001:10::1]                   | ORCHID (deprecated) 2001:10::/28
            [2001:20::1]                   | ORCHIDv2 (not routable) 2001:20::/28
            [2001:2f:ffff::1]              | ORCHIDv2 (not routable) 2001:20::/28
            [2001:30::1]                   | DRIP entity tags (not routable) 2001:30::/28
            [2001:1::4]                    | IETF protocol assignments 2001::/23
            [2001:5::1]                    | IETF protocol assignments 2001::/23
            [2001:1ff:ffff::1]             | IETF protocol assignments 2001::/23
            [3fff:fff::1]                  | documentation 3fff::/20
            [100::1]                       | discard 100::/64
            [fe80::1]                      | link-local fe80::/10
            [febf:ffff::1]                 | link-local fe80::/10
            [fec0::1]                      | site-local fec0::/10
            [ff02::1]                      | multicast ff00::/8
            [::]                           | unspecified ::/128
            [4000::1]                      | not global unicast (outside 2000::/3)
            0.0.0.0                        | unspecified / this network 0.0.0.0/8
            0                              | unspecified / this network 0.0.0.0/8
            0.1.2.3                        | unspecified / this network 0.0.0.0/8
            10.0.0.1                       | private network 10.0.0.0/8
            10.0.1                         | private network 10.0.0.0/8
            012.0.0.1                      | private network 10.0.0.0/8
            100.64.0.1                     | carrier-grade NAT 100.64.0.0/10
            100.127.255.255                | carrier-grade NAT 100.64.0.0/10
            172.16.5.4                     | private network 172.16.0.0/12
            172.31.255.255                 | private network 172.16.0.0/12
            192.168.1.1                    | private network 192.168.0.0/16
            192.0.0.170                    | IETF protocol assignments 192.0.0.0/24
            192.0.2.1                      | documentation 192.0.2.0/24
            198.51.100.7                   | documentation 198.51.100.0/24
            203.0.113.9                    | documentation 203.0.113.0/24
            192.88.99.1                    | 6to4 relay anycast 192.88.99.0/24
            198.18.0.1                     | benchmarking 198.18.0.0/15
            198.19.255.255                 | benchmarking 198.18.0.0/15
            224.0.0.1                      | multicast 224.0.0.0/4
            239.255.255.250                | multicast 224.0.0.0/4
            240.0.0.1                      | reserved 240.0.0.0/4
            255.255.255.255                | broadcast 255.255.255.255/32
            4294967295                     | broadcast 255.255.255.255/32
            """)
    void givenNonPublicHost_whenResolved_thenRefusedNamingTheRange(String host, String reason) {
        BlockedAddressException refused = assertThrows(BlockedAddressException.class, () -> guard.resolve(host));
        assertTrue(refused.getMessage().contains(" is refused: " + reason), refused.getMessage());
    }

    @ParameterizedTest(name = "given public host {0}, when resolved, then allowed as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            93.184.216.34                  | 93.184.216.34
            8.8.8.8                        | 8.8.8.8
            1.1.1.1                        | 1.1.1.1
            172.32.0.1                     | 172.32.0.1
            172.15.255.255                 | 172.15.255.255
            100.128.0.1                    | 100.128.0.1
            100.63.255.255                 | 100.63.255.255
            198.20.0.1                     | 198.20.0.1
            223.255.255.255                | 223.255.255.255
            11.0.0.1                       | 11.0.0.1
            [2606:4700:4700::1111]         | 2606:4700:4700:0:0:0:0:1111
            [::ffff:8.8.8.8]               | 8.8.8.8
            [64:ff9b::808:808]             | 64:ff9b:0:0:0:0:808:808
            [2001:1::1]                    | 2001:1:0:0:0:0:0:1
            [2001:1::2]                    | 2001:1:0:0:0:0:0:2
            [2001:1::3]                    | 2001:1:0:0:0:0:0:3
            [2001:3::1]                    | 2001:3:0:0:0:0:0:1
            [2001:4:112::1]                | 2001:4:112:0:0:0:0:1
            [2001:200::1]                  | 2001:200:0:0:0:0:0:1
            [2620:4f:8000::1]              | 2620:4f:8000:0:0:0:0:1
            [2002:808:808::1]              | 2002:808:808:0:0:0:0:1
            """)
    void givenPublicHost_whenResolved_thenAllowed(String host, String address) throws Exception {
        List<InetAddress> addresses = guard.resolve(host);
        assertEquals(1, addresses.size());
        assertEquals(address, addresses.get(0).getHostAddress());
    }

    @ParameterizedTest(name = "given loopback allowed, when {0} resolved, then allowed")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "2130706433", "[::1]", "[::ffff:127.0.0.1]"})
    void givenLoopbackAllowed_whenLoopbackResolved_thenAllowed(String host) throws Exception {
        assertTrue(loopbackAllowed.resolve(host).get(0).isLoopbackAddress());
    }

    @ParameterizedTest(name = "given loopback allowed, when {0} resolved, then still refused")
    @ValueSource(
            strings = {
                "10.0.0.1",
                "169.254.169.254",
                "0.0.0.0",
                "[::]",
                "[fd00:ec2::254]",
                "[2002:7f00:1::]",
                "[64:ff9b::7f00:1]",
                "[::127.0.0.1]"
            })
    void givenLoopbackAllowed_whenOtherPrivateResolved_thenStillRefused(String host) {
        assertThrows(BlockedAddressException.class, () -> loopbackAllowed.resolve(host));
    }

    /** InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address, Inet6Address.getByAddress does not. */
    private static Inet6Address mappedFrom16Bytes(int a, int b, int c, int d) throws Exception {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) a, (byte) b, (byte) c, (byte) d};
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void givenMappedMetadataAddressBuiltFrom16Bytes_whenJudged_thenEmbeddedIpv4Decides() throws Exception {
        Inet6Address mapped = mappedFrom16Bytes(169, 254, 169, 254);
        assertEquals(16, mapped.getAddress().length);
        assertEquals(
                Optional.of("link-local / cloud metadata 169.254.0.0/16"
                        + " (169.254.169.254 embedded in IPv4-mapped ::ffff:0:0/96)"),
                guard.refusal(mapped));
        assertTrue(loopbackAllowed.refusal(mapped).isPresent());
    }

    @Test
    void givenMappedLoopbackBuiltFrom16Bytes_whenJudged_thenRefusedUnlessLoopbackAllowed() throws Exception {
        Inet6Address mapped = mappedFrom16Bytes(127, 0, 0, 1);
        assertTrue(guard.refusal(mapped).orElseThrow().startsWith("loopback 127.0.0.0/8"));
        assertEquals(Optional.empty(), loopbackAllowed.refusal(mapped));
    }

    @Test
    void givenMappedPublicAddressBuiltFrom16Bytes_whenJudged_thenAllowed() throws Exception {
        assertEquals(Optional.empty(), guard.refusal(mappedFrom16Bytes(8, 8, 8, 8)));
    }

    @ParameterizedTest(name = "given host {0}, when parsed as literal, then {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0x7f.1                         | 127.0.0.1
            127.1                          | 127.0.0.1
            10.0.1                         | 10.0.0.1
            1.0x10.0                       | 1.16.0.0
            2130706433                     | 127.0.0.1
            017700000001                   | 127.0.0.1
            0177.0.0.1                     | 127.0.0.1
            0x7f.0x0.0.01                  | 127.0.0.1
            127.0.0.1.                     | 127.0.0.1
            0x                             | 0.0.0.0
            00                             | 0.0.0.0
            1.2.65535                      | 1.2.255.255
            1.16777215                     | 1.255.255.255
            4294967295                     | 255.255.255.255
            [::1]                          | 0:0:0:0:0:0:0:1
            ::1                            | 0:0:0:0:0:0:0:1
            [FD00:EC2::254]                | fd00:ec2:0:0:0:0:0:254
            """)
    void givenAddressLiteral_whenParsed_thenExactAddress(String host, String address) {
        assertEquals(address, PublicAddressGuard.literal(host).orElseThrow().getHostAddress());
    }

    @ParameterizedTest(name = "given DNS name {0}, when parsed as literal, then empty")
    @ValueSource(
            strings = {
                "example.com",
                "example.com.",
                "localhost",
                "1.2.3.example",
                "0x7f.example",
                "example.0a",
                "a0x1",
                "xn--nxasmq6b.com",
                "0xg"
            })
    void givenDnsName_whenParsedAsLiteral_thenEmpty(String host) {
        assertEquals(Optional.empty(), PublicAddressGuard.literal(host));
    }

    @ParameterizedTest(name = "given numeric-looking host {0}, when parsed, then rejected")
    @ValueSource(
            strings = {
                "256.1.1.1",
                "1.256.1.1",
                "0x100.1.1.1",
                "1.2.3.256",
                "1.2.65536",
                "1.16777216",
                "4294967296",
                "99999999999999999999",
                "1.2.3.4.5",
                "1..1",
                "09.1.1.1",
                "08",
                "0x1g.1",
                "example.1",
                "example.0x7f",
                "[zz::1]",
                "[127.0.0.1]",
                "[fe80::1%eth0]",
                "fe80::1%25eth0",
                "1:2:3:4:5:6:7:8:9",
                "[]"
            })
    void givenInvalidNumericHost_whenParsed_thenIllegalArgument(String host) {
        assertThrows(IllegalArgumentException.class, () -> PublicAddressGuard.literal(host));
    }

    @Test
    void givenLocalhost_whenResolvedThroughDns_thenRefusedAsLoopback() {
        BlockedAddressException refused = assertThrows(BlockedAddressException.class, () -> guard.resolve("localhost"));
        assertTrue(refused.getMessage().contains(" is refused: loopback "), refused.getMessage());
    }

    @ParameterizedTest(name = "given empty host \"{0}\", when resolved, then unknown host instead of loopback")
    @ValueSource(strings = {"", " "})
    void givenEmptyHost_whenResolved_thenUnknownHost(String host) {
        assertThrows(UnknownHostException.class, () -> loopbackAllowed.resolve(host));
    }

    @Test
    void givenLocalhostAndLoopbackAllowed_whenResolved_thenAllAddressesReturned() throws Exception {
        List<InetAddress> addresses = loopbackAllowed.resolve("localhost");
        assertTrue(!addresses.isEmpty() && addresses.stream().allMatch(InetAddress::isLoopbackAddress));
    }
}
