package dev.tallyman.ingest.ecr;

import dev.tallyman.ingest.webhook.RetryLater;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies that an SNS message was signed by SNS: the signing certificate is fetched only from an
 * allowlisted URL (and cached), must be currently valid, and its RSA key must verify the message's
 * signature over {@link SnsMessage#stringToSign()} (SignatureVersion 1: SHA1withRSA, 2:
 * SHA256withRSA). The topic must be one we subscribed to.
 */
public final class SnsVerifier {
  static final int MAX_CERT_BYTES = 16 * 1024;
  private static final int MAX_CACHED = 32;

  private final HostAllowlist allowlist;
  private final Set<String> topics;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

  public SnsVerifier(
      HostAllowlist allowlist, Set<String> topics, HttpClient http, Duration timeout) {
    this.allowlist = allowlist;
    this.topics = Set.copyOf(topics);
    this.http = http;
    this.timeout = timeout;
  }

  /** Empty when authentic, else a reason for 401. */
  public Optional<String> refusal(SnsMessage m) {
    if (!topics.contains(m.topicArn())) {
      return Optional.of("topic " + m.topicArn() + " is not subscribed here");
    }
    String algorithm =
        switch (m.signatureVersion()) {
          case "1" -> "SHA1withRSA";
          case "2" -> "SHA256withRSA";
          default -> null;
        };
    if (algorithm == null) {
      return Optional.of("SignatureVersion " + m.signatureVersion() + " is not supported");
    }
    String urlRefusal = allowlist.refusal(m.signingCertUrl());
    if (urlRefusal != null) {
      return Optional.of("SigningCertURL: " + urlRefusal);
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(m.signature());
    } catch (IllegalArgumentException e) {
      return Optional.of("Signature: not base64");
    }
    X509Certificate cert = certificate(m.signingCertUrl());
    try {
      cert.checkValidity(new Date());
    } catch (CertificateException e) {
      return Optional.of("signing certificate is expired or not yet valid");
    }
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(m.stringToSign());
      return verifier.verify(signature)
          ? Optional.empty()
          : Optional.of("signature does not match the message");
    } catch (GeneralSecurityException e) {
      return Optional.of("signature cannot be verified: " + e.getClass().getSimpleName());
    }
  }

  private X509Certificate certificate(String url) {
    X509Certificate cached = certificates.get(url);
    if (cached != null) {
      return cached;
    }
    byte[] pem;
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new RetryLater("signing certificate: HTTP " + response.statusCode());
        }
        pem = in.readNBytes(MAX_CERT_BYTES + 1);
      }
    } catch (IOException e) {
      throw new RetryLater("signing certificate unreachable: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetryLater("interrupted");
    }
    if (pem.length > MAX_CERT_BYTES) {
      throw new RetryLater("signing certificate larger than " + MAX_CERT_BYTES + " bytes");
    }
    X509Certificate cert;
    try {
      cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem));
    } catch (CertificateException | ClassCastException e) {
      throw new RetryLater("signing certificate is not an X.509 certificate");
    }
    if (certificates.size() >= MAX_CACHED) {
      certificates.clear(); // SNS rotates rarely; a full cache means churn, start over
    }
    certificates.put(url, cert);
    return cert;
  }
}
