package dev.tallyman.contracts;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a baseline descriptor set with the current one and lists every change that breaks a
 * reader or writer of the baseline: a removed message, field, enum value, service or method, and a
 * field whose number, type or cardinality changed. Additions are fine.
 */
final class WireCompatibility {
  private WireCompatibility() {}

  static List<String> violations(FileDescriptorSet baseline, FileDescriptorSet current) {
    List<String> out = new ArrayList<>();
    Map<String, FileDescriptorProto> now =
        index(current.getFileList(), FileDescriptorProto::getName);
    for (FileDescriptorProto old : baseline.getFileList()) {
      FileDescriptorProto cur = now.get(old.getName());
      if (cur == null) {
        out.add("file removed: " + old.getName());
        continue;
      }
      String pkg = old.getPackage();
      compareMessages(pkg, old.getMessageTypeList(), cur.getMessageTypeList(), out);
      compareEnums(pkg, old.getEnumTypeList(), cur.getEnumTypeList(), out);
      Map<String, ServiceDescriptorProto> services =
          index(cur.getServiceList(), ServiceDescriptorProto::getName);
      for (ServiceDescriptorProto s : old.getServiceList()) {
        ServiceDescriptorProto c = services.get(s.getName());
        if (c == null) {
          out.add("service removed: " + pkg + "." + s.getName());
          continue;
        }
        Map<String, MethodDescriptorProto> methods =
            index(c.getMethodList(), MethodDescriptorProto::getName);
        for (MethodDescriptorProto m : s.getMethodList()) {
          MethodDescriptorProto cm = methods.get(m.getName());
          String name = pkg + "." + s.getName() + "/" + m.getName();
          if (cm == null) {
            out.add("method removed: " + name);
          } else if (!cm.getInputType().equals(m.getInputType())
              || !cm.getOutputType().equals(m.getOutputType())) {
            out.add("method signature changed: " + name);
          }
        }
      }
    }
    return out;
  }

  private static void compareMessages(
      String scope, List<DescriptorProto> old, List<DescriptorProto> cur, List<String> out) {
    Map<String, DescriptorProto> now = index(cur, DescriptorProto::getName);
    for (DescriptorProto o : old) {
      String name = scope + "." + o.getName();
      DescriptorProto c = now.get(o.getName());
      if (c == null) {
        out.add("message removed: " + name);
        continue;
      }
      Map<Integer, FieldDescriptorProto> byNumber =
          index(c.getFieldList(), FieldDescriptorProto::getNumber);
      for (FieldDescriptorProto f : o.getFieldList()) {
        FieldDescriptorProto cf = byNumber.get(f.getNumber());
        String field = name + "." + f.getName() + " = " + f.getNumber();
        if (cf == null) {
          boolean renumbered =
              c.getFieldList().stream().anyMatch(x -> x.getName().equals(f.getName()));
          out.add((renumbered ? "field number changed: " : "field removed: ") + field);
        } else if (cf.getType() != f.getType() || !cf.getTypeName().equals(f.getTypeName())) {
          out.add("field type changed: " + field + " (" + typeOf(f) + " -> " + typeOf(cf) + ")");
        } else if (cf.getLabel() != f.getLabel()) {
          out.add("field cardinality changed: " + field);
        }
      }
      compareMessages(name, o.getNestedTypeList(), c.getNestedTypeList(), out);
      compareEnums(name, o.getEnumTypeList(), c.getEnumTypeList(), out);
    }
  }

  private static void compareEnums(
      String scope,
      List<EnumDescriptorProto> old,
      List<EnumDescriptorProto> cur,
      List<String> out) {
    Map<String, EnumDescriptorProto> now = index(cur, EnumDescriptorProto::getName);
    for (EnumDescriptorProto o : old) {
      EnumDescriptorProto c = now.get(o.getName());
      if (c == null) {
        out.add("enum removed: " + scope + "." + o.getName());
        continue;
      }
      Map<Integer, EnumValueDescriptorProto> values =
          index(c.getValueList(), EnumValueDescriptorProto::getNumber);
      for (EnumValueDescriptorProto v : o.getValueList()) {
        if (!values.containsKey(v.getNumber())) {
          out.add("enum value removed: " + scope + "." + o.getName() + "." + v.getName());
        }
      }
    }
  }

  private static String typeOf(FieldDescriptorProto f) {
    return f.getTypeName().isEmpty() ? f.getType().name() : f.getTypeName();
  }

  private static <K, V> Map<K, V> index(List<V> list, Function<V, K> key) {
    return list.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> a));
  }
}
