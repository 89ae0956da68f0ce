package dev.tallyman.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.tallyman.proto.v1.AdvisoryEventsProto;
import dev.tallyman.proto.v1.AdvisoryServiceProto;
import dev.tallyman.proto.v1.CommonProto;
import dev.tallyman.proto.v1.FindingsProto;
import dev.tallyman.proto.v1.ImageEventProto;
import dev.tallyman.proto.v1.SbomProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Guards the wire format of tallyman.v1: the checked-in descriptor set (proto/compat) is the
 * baseline; removing a field or changing its number or type fails the build. After adding fields,
 * refresh the baseline with {@code ./mvnw -pl proto test -Dtallyman.proto.updateBaseline=true}.
 */
class WireCompatibilityTest {
  static final List<FileDescriptor> V1 =
      List.of(
          CommonProto.getDescriptor(),
          ImageEventProto.getDescriptor(),
          SbomProto.getDescriptor(),
          FindingsProto.getDescriptor(),
          AdvisoryServiceProto.getDescriptor(),
          AdvisoryEventsProto.getDescriptor());

  static FileDescriptorSet current() {
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    V1.forEach(f -> set.addFile(f.toProto()));
    return set.build();
  }

  static Path baselineFile() {
    Path root = Path.of(System.getProperty("tallyman.repo.root", "..")).toAbsolutePath();
    Path p = root.resolve("proto/compat/tallyman-v1.binpb");
    return Files.exists(p.getParent()) ? p : Path.of("compat/tallyman-v1.binpb");
  }

  @Test
  void currentContractsKeepTheCheckedInWireFormat() throws IOException {
    Path baseline = baselineFile();
    if (Boolean.getBoolean("tallyman.proto.updateBaseline")) {
      Files.write(baseline, current().toByteArray());
    }
    FileDescriptorSet old = FileDescriptorSet.parseFrom(Files.readAllBytes(baseline));
    assertThat(old.getFileCount()).isEqualTo(V1.size());
    assertThat(WireCompatibility.violations(old, current())).isEmpty();
  }

  @Test
  void removingAFieldIsDetected() {
    FileDescriptorSet broken = mutateField("Package", "purl", f -> null);
    assertThat(WireCompatibility.violations(current(), broken))
        .containsExactly("field removed: tallyman.v1.Package.purl = 5");
  }

  @Test
  void renumberingAFieldIsDetected() {
    FileDescriptorSet broken = mutateField("ImageEvent", "digest", f -> f.setNumber(99));
    assertThat(WireCompatibility.violations(current(), broken))
        .containsExactly("field number changed: tallyman.v1.ImageEvent.digest = 5");
  }

  @Test
  void changingAFieldTypeIsDetected() {
    FileDescriptorSet broken =
        mutateField("Finding", "cvss_score", f -> f.setType(FieldDescriptorProto.Type.TYPE_FLOAT));
    assertThat(WireCompatibility.violations(current(), broken))
        .singleElement()
        .asString()
        .startsWith("field type changed: tallyman.v1.Finding.cvss_score = 5");
  }

  @Test
  void addingAFieldIsAllowed() {
    FileDescriptorSet added =
        mutateField("Package", "purl", f -> f) // keep it
            .toBuilder()
            .build();
    FileDescriptorSet.Builder b = added.toBuilder();
    for (FileDescriptorProto.Builder file : b.getFileBuilderList()) {
      file.getMessageTypeBuilderList().stream()
          .filter(m -> m.getName().equals("Package"))
          .forEach(
              m ->
                  m.addField(
                      FieldDescriptorProto.newBuilder()
                          .setName("new_field")
                          .setNumber(1000)
                          .setType(FieldDescriptorProto.Type.TYPE_STRING)));
    }
    assertThat(WireCompatibility.violations(current(), b.build())).isEmpty();
  }

  /** A copy of the current set with one field changed (or removed when the mutation gives null). */
  private static FileDescriptorSet mutateField(
      String message,
      String field,
      java.util.function.UnaryOperator<FieldDescriptorProto.Builder> mutation) {
    FileDescriptorSet.Builder set = current().toBuilder();
    for (FileDescriptorProto.Builder file : set.getFileBuilderList()) {
      for (var m : file.getMessageTypeBuilderList()) {
        if (!m.getName().equals(message)) {
          continue;
        }
        for (int i = 0; i < m.getFieldCount(); i++) {
          if (m.getField(i).getName().equals(field)) {
            Optional<FieldDescriptorProto.Builder> changed =
                Optional.ofNullable(mutation.apply(m.getField(i).toBuilder()));
            if (changed.isEmpty()) {
              m.removeField(i);
            } else {
              m.setField(i, changed.get());
            }
            return set.build();
          }
        }
      }
    }
    throw new IllegalArgumentException("no field " + message + "." + field);
  }
}
