package dev.tallyman.kit.trace;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Continues the caller's trace for every incoming gRPC call. gRPC may run a call's callbacks on
 * different threads, so the context is entered around each callback, not once.
 */
@Singleton
@Requires(classes = ServerInterceptor.class)
public class GrpcTraceServerInterceptor implements ServerInterceptor {
  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String parent = headers.get(GrpcTraceClientInterceptor.TRACEPARENT);
    ServerCall.Listener<Q> delegate;
    try (Trace.Scope ignored = Trace.continueFrom(parent)) {
      delegate = next.startCall(call, headers);
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onMessage(Q message) {
        try (Trace.Scope ignored = Trace.continueFrom(parent)) {
          super.onMessage(message);
        }
      }

      @Override
      public void onHalfClose() {
        try (Trace.Scope ignored = Trace.continueFrom(parent)) {
          super.onHalfClose();
        }
      }
    };
  }
}
