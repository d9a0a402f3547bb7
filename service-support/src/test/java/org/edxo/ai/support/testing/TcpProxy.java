package org.edxo.ai.support.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder for fault tests: {@code 127.0.0.1:<port>} → a target such as the machine's RabbitMQ or
 * PostgreSQL. Point only the processes under test at {@link #port()}; {@link #cut()} then makes the target
 * unreachable for them alone (every open connection is reset, new ones are refused) while the shared
 * broker and database keep running untouched for everyone else; {@link #heal()} accepts connections again
 * on the same port. Plain blocking sockets, two daemon threads per connection: enough for a few services'
 * connection pools.
 */
public final class TcpProxy implements AutoCloseable {

    private final String name;
    private final InetSocketAddress target;
    private final int port;
    /** A forwarded connection: the service's socket and ours to the target. */
    private record Link(Socket client, Socket upstream) {
        void reset() {
            TcpProxy.reset(client);
            TcpProxy.reset(upstream);
        }
    }

    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong resetByCut = new AtomicLong();
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile boolean closed;

    private TcpProxy(String name, InetSocketAddress target) throws IOException {
        this.name = name;
        this.target = target;
        this.server = bind(0);
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    /** Starts forwarding a random local port to {@code targetHost:targetPort}. */
    public static TcpProxy start(String name, String targetHost, int targetPort) {
        try {
            return new TcpProxy(name, new InetSocketAddress(targetHost, targetPort));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " proxy", e);
        }
    }

    public int port() {
        return port;
    }

    /** Connections forwarded since the start. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Connections that were open when {@link #cut()} was called, and were reset. */
    public long resetConnections() {
        return resetByCut.get();
    }

    /** Connections forwarded right now. */
    public int openConnections() {
        return open.size();
    }

    public boolean isCut() {
        return server == null;
    }

    /**
     * The target becomes unreachable through this proxy: the listening socket closes (a new connection is
     * refused, as by a stopped server) and every forwarded connection is reset at once.
     */
    public synchronized void cut() {
        ServerSocket current = server;
        if (current == null) {
            return;
        }
        server = null;
        closeQuietly(current);
        awaitAcceptorExit();
        for (Link link : open) {
            resetByCut.incrementAndGet();
            link.reset();
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void heal() {
        if (server != null || closed) {
            return;
        }
        IOException last = null;
        // The port was ours a moment ago; a socket in TIME_WAIT or a slow close may delay the bind briefly.
        for (int i = 0; i < 50; i++) {
            try {
                server = bind(port);
                startAccepting(server);
                return;
            } catch (IOException e) {
                last = e;
                sleep(Duration.ofMillis(100));
            }
        }
        throw new UncheckedIOException("cannot listen again on port " + port + " for the " + name + " proxy", last);
    }

    /** {@link #cut()}, waits, then {@link #heal()}. */
    public void cutFor(Duration outage) {
        cut();
        try {
            sleep(outage);
        } finally {
            heal();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    /**
     * A thread blocked in accept() holds the listening socket open in the kernel until it wakes, so a
     * connection could still be taken for a moment after close(); the cut is only done when it has left.
     */
    private void awaitAcceptorExit() {
        Thread current = acceptor;
        if (current == null || current == Thread.currentThread()) {
            return;
        }
        try {
            current.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ServerSocket bind(int localPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort), 128);
        return socket;
    }

    private void startAccepting(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    accepted.incrementAndGet();
                    forward(client);
                } catch (IOException e) {
                    // closed by cut() or close()
                }
            }
        }, name + "-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        this.acceptor = acceptor;
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            reset(client);
            closeQuietly(upstream);
            return;
        }
        Link link = new Link(client, upstream);
        open.add(link);
        if (server == null) { // cut while connecting
            open.remove(link);
            link.reset();
            return;
        }
        pipe(link, client, upstream, "up");
        pipe(link, upstream, client, "down");
    }

    private void pipe(Link link, Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // reset by cut(), or closed by one side
            } finally {
                open.remove(link);
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name + "-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with an RST rather than a FIN, as a dead peer or a broken network would look. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " proxy 127.0.0.1:" + port + " → " + target.getHostString() + ":" + target.getPort()
                + (isCut() ? " (cut)" : "");
    }
}
