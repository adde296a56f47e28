package course.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    @Test
    void aDirectClientCannotChooseItsIdentityWithTheHeader() {
        var clients = new ClientAddress(List.of());
        assertEquals("203.0.113.7", clients.resolve("203.0.113.7", List.of("1.2.3.4")));
    }

    @Test
    void behindTrustedProxiesTheChainIsReadFromTheRight() {
        var clients = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.5"));
        // The client 198.51.100.9 went through proxy 10.1.2.3, then 192.168.1.5 connected to us.
        assertEquals("198.51.100.9", clients.resolve("192.168.1.5", List.of("1.1.1.1, 198.51.100.9, 10.1.2.3")));
        // What the client itself wrote at the left end (1.1.1.1) is ignored: 198.51.100.9 is not trusted.
        assertEquals("198.51.100.9", clients.resolve("192.168.1.5", List.of("1.1.1.1", "198.51.100.9")));
        assertEquals("192.168.1.5", clients.resolve("192.168.1.5", List.of()));
        assertEquals("10.9.9.9", clients.resolve("10.0.0.1", List.of("garbage, 10.9.9.9")));
    }

    @Test
    void rangesWorkForIpv6AndNeverMatchTheOtherFamily() {
        var clients = new ClientAddress(List.of("fd00::/8"));
        assertEquals("2001:db8:0:0:0:0:0:1", clients.resolve("fd12::1", List.of("2001:db8::1")));
        assertEquals("10.0.0.1", clients.resolve("10.0.0.1", List.of("2001:db8::1")));
    }

    @Test
    void hostNamesAreNeverLookedUp() {
        assertEquals(null, ClientAddress.parse("localhost"));
        assertEquals(null, ClientAddress.parse("example.com"));
        assertEquals("127.0.0.1", ClientAddress.parse("127.0.0.1").getHostAddress());
    }
}
