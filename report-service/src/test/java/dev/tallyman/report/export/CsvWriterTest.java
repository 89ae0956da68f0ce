package dev.tallyman.report.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
  @Test
  void quotesPerRfc4180() {
    assertThat(CsvWriter.cell("plain")).isEqualTo("plain");
    assertThat(CsvWriter.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvWriter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvWriter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(CsvWriter.cell(null)).isEmpty();
    assertThat(CsvWriter.cell("")).isEmpty();
  }

  @Test
  void neutralizesFormulaCells() {
    assertThat(CsvWriter.cell("=1+2")).isEqualTo("'=1+2");
    assertThat(CsvWriter.cell("+1")).isEqualTo("'+1");
    assertThat(CsvWriter.cell("-1")).isEqualTo("'-1");
    assertThat(CsvWriter.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvWriter.cell("\tx")).isEqualTo("'\tx");
    // neutralized first, then quoted as a whole
    assertThat(CsvWriter.cell("=HYPERLINK(\"a\",\"b\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"a\"\",\"\"b\"\")\"");
    assertThat(CsvWriter.cell("a=b")).isEqualTo("a=b");
  }

  @Test
  void rendersAHeaderAndOneCrlfTerminatedRowPerFinding() throws Exception {
    String csv = CsvWriter.render(ExportFixtures.sample());
    assertThat(csv).endsWith("\r\n");
    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo(String.join(",", CsvWriter.HEADER));
    assertThat(lines.get(1))
        .contains(",CVE-2024-1,DSA-1,high,7.5,3.0.13,openssl,3.0.11,Debian,")
        .contains(ExportFixtures.DIGEST + ",reg:5000,team/app,v1,linux/amd64");
    // the hostile package name and version cannot become formulas
    assertThat(lines.get(2))
        .contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'-1+2,")
        .doesNotContain(",=HYPERLINK");
  }
}
