package dev.tern.codegen.proto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/** protobuf-java's class naming, which the stubs must reproduce to name protoc's message classes. */
class JavaNamesTest {
  private static FileDescriptorProto.Builder file(String name, String pkg) {
    return FileDescriptorProto.newBuilder().setName(name).setPackage(pkg);
  }

  private static DescriptorProto message(String name, DescriptorProto... nested) {
    return DescriptorProto.newBuilder().setName(name).addAllNestedType(List.of(nested)).build();
  }

  @Test
  void outerClassComesFromTheFileNameInUpperCamelCase() {
    assertThat(JavaNames.outerClassName(file("a/b/foo_bar-baz.proto", "p").build())).isEqualTo("FooBarBaz");
    assertThat(JavaNames.outerClassName(file("http2server.proto", "p").build())).isEqualTo("Http2Server");
    assertThat(JavaNames.outerClassName(file("HTTPThing.proto", "p").build())).isEqualTo("HTTPThing");
    assertThat(JavaNames.outerClassName(file("v1.api.proto", "p").build())).isEqualTo("V1Api");
    assertThat(JavaNames.outerClassName(file("x.proto", "p")
        .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Explicit")).build())).isEqualTo("Explicit");
  }

  @Test
  void outerClassGetsASuffixWhenATypeOfTheFileHasItsName() {
    assertThat(JavaNames.outerClassName(file("common.proto", "p").addMessageType(message("Common")).build()))
        .isEqualTo("CommonOuterClass");
    assertThat(JavaNames.outerClassName(file("deep.proto", "p")
        .addMessageType(message("A", message("B", message("Deep")))).build())).isEqualTo("DeepOuterClass");
    assertThat(JavaNames.outerClassName(file("color.proto", "p")
        .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")).build())).isEqualTo("ColorOuterClass");
    assertThat(JavaNames.outerClassName(file("greeter.proto", "p")
        .addService(ServiceDescriptorProto.newBuilder().setName("Greeter")).build())).isEqualTo("GreeterOuterClass");
    // Only an exact match counts.
    assertThat(JavaNames.outerClassName(file("greeter.proto", "p").addMessageType(message("greeter")).build()))
        .isEqualTo("Greeter");
  }

  @Test
  void messagesAreNestedInTheOuterClassUnlessMultipleFiles() {
    FileDescriptorProto single = file("shop/order.proto", "shop.v1")
        .addMessageType(message("Order", message("Line"))).build();
    FileDescriptorProto multiple = file("shop/item.proto", "shop.v1")
        .setOptions(FileOptions.newBuilder().setJavaPackage("com.example.shop").setJavaMultipleFiles(true))
        .addMessageType(message("Item", message("Price"))).build();
    FileDescriptorProto noPackage = file("bare.proto", "").addMessageType(message("Bare")).build();
    JavaNames names = new JavaNames(List.of(single, multiple, noPackage));

    assertThat(names.message(".shop.v1.Order").qualified()).isEqualTo("shop.v1.OrderOuterClass.Order");
    assertThat(names.message(".shop.v1.Order.Line"))
        .isEqualTo(new JavaNames.ClassName("shop.v1", "OrderOuterClass", ".Order.Line"));
    assertThat(names.message(".shop.v1.Item").qualified()).isEqualTo("com.example.shop.Item");
    assertThat(names.message(".shop.v1.Item.Price").qualified()).isEqualTo("com.example.shop.Item.Price");
    assertThat(names.message(".Bare").qualified()).isEqualTo("BareOuterClass.Bare");
    assertThat(names.packageTypes("com.example.shop")).containsExactlyInAnyOrder("ItemOuterClass", "Item", "ItemOrBuilder");
    assertThatThrownBy(() -> names.message(".shop.v1.Missing")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".shop.v1.Missing");
  }
}
