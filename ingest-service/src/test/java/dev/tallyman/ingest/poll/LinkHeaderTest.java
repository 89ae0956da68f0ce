package dev.tallyman.ingest.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {
  private static final URI REQUEST = URI.create("http://127.0.0.1:5000/v2/_catalog?n=100");

  @Test
  void resolvesDistributionsPathOnlyNextLink() {
    assertThat(LinkHeader.next("</v2/_catalog?last=b&n=100>; rel=\"next\"", REQUEST))
        .contains(URI.create("http://127.0.0.1:5000/v2/_catalog?last=b&n=100"));
  }

  @Test
  void picksNextAmongSeveralLinksAndUnquotedRel() {
    String header =
        "<http://127.0.0.1:5000/v2/_catalog?n=1>; rel=first, "
            + "<http://127.0.0.1:5000/v2/_catalog?last=a,b&n=1>; title=\"x, y\"; rel=next";
    assertThat(LinkHeader.next(header, REQUEST))
        .contains(URI.create("http://127.0.0.1:5000/v2/_catalog?last=a,b&n=1"));
  }

  @Test
  void relMayListSeveralTypes() {
    assertThat(LinkHeader.next("</v2/x>; rel=\"prefetch next\"", REQUEST))
        .contains(URI.create("http://127.0.0.1:5000/v2/x"));
  }

  @Test
  void noNextMeansLastPage() {
    assertThat(LinkHeader.next("</v2/_catalog?n=1>; rel=\"prev\"", REQUEST)).isEmpty();
    assertThat(LinkHeader.next(null, REQUEST)).isEmpty();
    assertThat(LinkHeader.next("garbage", REQUEST)).isEmpty();
  }

  @Test
  void refusesLinksToAnotherOrigin() {
    assertThat(LinkHeader.next("<http://evil.example/v2/_catalog>; rel=next", REQUEST)).isEmpty();
    assertThat(LinkHeader.next("<https://127.0.0.1:5000/v2/_catalog>; rel=next", REQUEST))
        .isEmpty();
    assertThat(LinkHeader.next("<http://127.0.0.1:5001/v2/_catalog>; rel=next", REQUEST)).isEmpty();
  }
}
