package dev.tallyman.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port helpers, loopback only. */
public final class Ports {
  private Ports() {}

  public static final String HOST = "127.0.0.1";

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pick a free port", e);
    }
  }

  /** {@code requested} when > 0, else a free one. */
  public static int orFree(int requested) {
    return requested > 0 ? requested : free();
  }

  /** True when nothing accepts connections on 127.0.0.1:port and we can bind it. */
  public static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(HOST, port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Fails with a clear message when a fixed port is taken. */
  public static void requireFree(int port, String what) {
    if (!isFree(port)) {
      throw new StartFailure(
          "port "
              + port
              + " on "
              + HOST
              + " ("
              + what
              + ") is already in use: stop whatever holds it"
              + " (e.g. `ss -ltnp 'sport = :"
              + port
              + "'`) or choose another port");
    }
  }

  /** True when a TCP connect to 127.0.0.1:port succeeds. */
  public static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
