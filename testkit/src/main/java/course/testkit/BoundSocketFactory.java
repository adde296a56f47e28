package course.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Sockets whose connections come from another loopback address (127.0.0.2, 127.0.0.3, ...), so the gateway sees
 * a genuinely different peer: a second client, over real sockets, on one machine. For OkHttp's
 * {@code socketFactory}, which only ever calls {@link #createSocket()}.
 */
public final class BoundSocketFactory extends SocketFactory {
    private final String localAddress;

    public BoundSocketFactory(String localAddress) {
        this.localAddress = localAddress;
    }

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
    public Socket createSocket(String host, int port, InetAddress local, int localPort) {
        throw new UnsupportedOperationException("OkHttp uses createSocket()");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("OkHttp uses createSocket()");
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) {
        throw new UnsupportedOperationException("OkHttp uses createSocket()");
    }
}
