package course.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/** HTTP clients for tests. */
public final class Clients {
    private Clients() {}

    /**
     * A client whose connections come from another loopback address (127.0.0.2, 127.0.0.3, ...), so the gateway
     * sees a genuinely different peer: a second client, over real sockets, on one machine.
     */
    public static OkHttpClient from(String localAddress) {
        return new OkHttpClient.Builder().followRedirects(false).socketFactory(new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                var socket = new Socket();
                socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
                return socket;
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw new UnsupportedOperationException("OkHttp uses createSocket()");
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw new UnsupportedOperationException("OkHttp uses createSocket()");
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw new UnsupportedOperationException("OkHttp uses createSocket()");
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw new UnsupportedOperationException("OkHttp uses createSocket()");
            }
        }).build();
    }
}
