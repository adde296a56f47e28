package course.gateway.pipeline;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who the client is: the address of the socket's peer, unless that peer is a trusted proxy, in which case
 * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first address that is not one
 * is the client. A client talking to the gateway directly cannot choose its identity by sending the header.
 */
public final class ClientAddress {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<AddressRange> trustedProxies;

    public ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(AddressRange::parse).toList();
    }

    /** The client of this request ({@link RequestFacts#client} remembers it, so this runs once per request). */
    String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    /** @param forwardedFor every X-Forwarded-For header, in order (each may hold a comma-separated chain) */
    String resolve(String peer, List<String> forwardedFor) {
        var chain = new ArrayList<String>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                chain.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = chain.size() - 1; i >= 0 && isTrusted(client); i--) {
            InetAddress hop = parse(chain.get(i));
            if (hop == null) {
                break; // garbage in the chain: the last proxy we trust is as far as we can see
            }
            client = hop.getHostAddress();
        }
        return client;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = parse(address);
        return parsed != null && trustedProxies.stream().anyMatch(range -> range.contains(parsed));
    }

    /** Parses an IP literal; never looks up a host name. */
    static InetAddress parse(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (bare.isEmpty() || bare.length() > 45 || !IP_LITERAL.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    /** An address range in CIDR form; a plain address is a range of one. */
    record AddressRange(byte[] network, int bits) {
        static AddressRange parse(String cidr) {
            String[] parts = cidr.split("/");
            InetAddress address = ClientAddress.parse(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("not an IP address or range: " + cidr);
            }
            byte[] bytes = address.getAddress();
            return new AddressRange(bytes, parts.length == 2 ? Integer.parseInt(parts[1]) : bytes.length * 8);
        }

        boolean contains(InetAddress candidate) {
            byte[] bytes = candidate.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
