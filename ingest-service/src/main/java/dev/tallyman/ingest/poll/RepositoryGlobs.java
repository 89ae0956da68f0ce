package dev.tallyman.ingest.poll;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Include / exclude filters on repository names. {@code *} matches within one path component,
 * {@code **} across components, {@code ?} one character. No include globs means "everything";
 * exclude wins over include.
 */
public final class RepositoryGlobs {
  private final List<Pattern> include;
  private final List<Pattern> exclude;

  public RepositoryGlobs(List<String> include, List<String> exclude) {
    this.include =
        include == null ? List.of() : include.stream().map(RepositoryGlobs::compile).toList();
    this.exclude =
        exclude == null ? List.of() : exclude.stream().map(RepositoryGlobs::compile).toList();
  }

  public boolean accepts(String repository) {
    if (exclude.stream().anyMatch(p -> p.matcher(repository).matches())) {
      return false;
    }
    return include.isEmpty() || include.stream().anyMatch(p -> p.matcher(repository).matches());
  }

  static Pattern compile(String glob) {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("empty repository glob");
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
