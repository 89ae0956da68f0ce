package dev.tallyman.analysis.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Marks I/O failures of the underlying transport, so that a parser's IOException (bad content,
 * permanent) can be told apart from a dropped connection (transient, retry).
 */
public final class TransportGuard extends FilterInputStream {
  public TransportGuard(InputStream in) {
    super(in);
  }

  /** A failure reading the source itself. */
  public static final class TransportException extends IOException {
    public TransportException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (TransportException e) {
      throw e;
    } catch (IOException e) {
      throw new TransportException(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (TransportException e) {
      throw e;
    } catch (IOException e) {
      throw new TransportException(e);
    }
  }

  /** The transport failure somewhere in the cause chain, if any. */
  public static TransportException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TransportException te) {
        return te;
      }
    }
    return null;
  }
}
