package dev.tallyman.kit.trace;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Sends the current trace context as {@code traceparent} metadata on every outgoing gRPC call. */
@Singleton
@Requires(classes = ClientInterceptor.class)
public class GrpcTraceClientInterceptor implements ClientInterceptor {
  static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(TRACEPARENT, Trace.currentOrNew());
        super.start(listener, headers);
      }
    };
  }
}
