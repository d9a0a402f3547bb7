package org.edxo.ai.support.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void startEchoServerAndProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    Thread handler = new Thread(() -> {
                        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // peer went away
                        }
                    });
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = TcpProxy.start("echo", "127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "bonjour")).isEqualTo("bonjour");
            assertThat(roundTrip(socket, "encore")).isEqualTo("encore");
        }
        assertThat(proxy.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void aCutResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        Socket before = connect();
        assertThat(roundTrip(before, "avant")).isEqualTo("avant");

        proxy.cut();
        assertThat(proxy.isCut()).isTrue();
        assertThat(proxy.resetConnections()).isEqualTo(1);
        // The open connection is gone: reading ends with an error or end of stream, never the echo.
        assertThatThrownBy(() -> {
            before.getOutputStream().write("perdu".getBytes(StandardCharsets.UTF_8));
            before.getOutputStream().flush();
            if (before.getInputStream().read() < 0) {
                throw new IOException("end of stream");
            }
        }).isInstanceOf(IOException.class);
        before.close();
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);

        proxy.heal();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "après")).isEqualTo("après");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        byte[] answer = socket.getInputStream().readNBytes(bytes.length);
        return new String(answer, StandardCharsets.UTF_8);
    }
}
