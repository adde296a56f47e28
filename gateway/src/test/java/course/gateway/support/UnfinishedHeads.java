package course.gateway.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Slowloris: clients that start a request head and never finish it, against a gateway with one route. */
public final class UnfinishedHeads {
    private UnfinishedHeads() {}

    /** A gateway with one route to Service A, rate limit and cache off, and these {@code server} settings. */
    public static TestBed gateway(String serverSettings) {
        return new TestBed("""
                {"server": {"port": 0, %s}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "service-a", "prefix": "/service-a", "upstreams": ["${A}"]}]}
                """.formatted(serverSettings));
    }

    /** Opens {@code clients} connections, each sending the start of a request head that it never finishes. */
    public static List<Socket> open(TestBed bed, int clients) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            var socket = new Socket("127.0.0.1", bed.port());
            socket.getOutputStream().write("GET /service-a/items/1 HTTP/1.1\r\nHost: gateway\r\nX-Slow: "
                    .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(socket);
        }
        return sockets;
    }
}
