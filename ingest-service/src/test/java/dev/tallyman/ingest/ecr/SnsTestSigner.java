package dev.tallyman.ingest.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SNS's side, locally: an RSA key and self-signed certificate made by the JDK's keytool, served as
 * PEM by a JDK HttpServer on 127.0.0.1 that also stands in for the SubscribeURL (recording every
 * confirmation GET), and a signer that signs messages as SNS does.
 */
final class SnsTestSigner implements AutoCloseable {
  static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:ecr-events";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrivateKey key;
  private final HttpServer server;
  final List<String> confirmations = new CopyOnWriteArrayList<>();

  SnsTestSigner(Path dir) throws Exception {
    Path store = dir.resolve("sns.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "sns",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=sns.test.local",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    key = (PrivateKey) ks.getKey("sns", "changeit".toCharArray());
    Certificate cert = ks.getCertificate("sns");
    byte[] pem =
        ("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("cert.pem"), pem);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/SimpleNotificationService-test.pem",
        exchange -> {
          exchange.sendResponseHeaders(200, pem.length);
          exchange.getResponseBody().write(pem);
          exchange.close();
        });
    server.createContext(
        "/",
        exchange -> {
          confirmations.add(exchange.getRequestURI().toString());
          byte[] body = "<ConfirmSubscriptionResponse/>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String certUrl() {
    return "http://" + hostPort() + "/SimpleNotificationService-test.pem";
  }

  /** A Notification carrying {@code message}, signed with SignatureVersion {@code version}. */
  ObjectNode notification(String messageId, String message, String timestamp, String version)
      throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("Type", "Notification");
    n.put("MessageId", messageId);
    n.put("TopicArn", TOPIC);
    n.put("Message", message);
    n.put("Timestamp", timestamp);
    n.put("SignatureVersion", version);
    n.put("SigningCertURL", certUrl());
    n.put("UnsubscribeURL", "http://" + hostPort() + "/?Action=Unsubscribe");
    return sign(n);
  }

  ObjectNode confirmation(String subscribeUrl, String timestamp) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("Type", "SubscriptionConfirmation");
    n.put("MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b");
    n.put("Token", "2336412f37fb687f5d51e6e241d09c805a5a57b3");
    n.put("TopicArn", TOPIC);
    n.put("Message", "You have chosen to subscribe to the topic " + TOPIC + ".");
    n.put("SubscribeURL", subscribeUrl);
    n.put("Timestamp", timestamp);
    n.put("SignatureVersion", "1");
    n.put("SigningCertURL", certUrl());
    return sign(n);
  }

  /** (Re-)signs the message as it stands. */
  ObjectNode sign(ObjectNode n) throws Exception {
    n.remove("Signature");
    SnsMessage m = SnsMessage.of(withPlaceholderSignature(n));
    Signature s =
        Signature.getInstance(
            n.get("SignatureVersion").asText().equals("2") ? "SHA256withRSA" : "SHA1withRSA");
    s.initSign(key);
    s.update(m.stringToSign());
    n.put("Signature", Base64.getEncoder().encodeToString(s.sign()));
    return n;
  }

  private static ObjectNode withPlaceholderSignature(ObjectNode n) {
    ObjectNode copy = n.deepCopy();
    copy.put("Signature", "placeholder");
    return copy;
  }

  static byte[] bytes(ObjectNode n) throws IOException {
    return JSON.writeValueAsBytes(n);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
