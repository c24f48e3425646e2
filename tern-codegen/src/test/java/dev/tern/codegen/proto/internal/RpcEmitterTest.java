package dev.tern.codegen.proto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Java names of proto methods. */
class RpcEmitterTest {
  @Test
  void constantsAreUpperSnakeCase() {
    assertThat(RpcEmitter.constantName("EmptyCall")).isEqualTo("EMPTY_CALL");
    assertThat(RpcEmitter.constantName("get_user")).isEqualTo("GET_USER");
    assertThat(RpcEmitter.constantName("GetHTTPStatus")).isEqualTo("GET_HTTP_STATUS");
    assertThat(RpcEmitter.constantName("V2Call")).isEqualTo("V2_CALL");
    assertThat(RpcEmitter.constantName("ServiceName")).isEqualTo("SERVICE_NAME_");
  }

  @Test
  void methodsAreLowerCamelCaseAndNeverClash() {
    assertThat(RpcEmitter.methodName("EmptyCall")).isEqualTo("emptyCall");
    assertThat(RpcEmitter.methodName("get_user_name")).isEqualTo("getUserName");
    assertThat(RpcEmitter.methodName("GetHTTPStatus")).isEqualTo("getHTTPStatus");
    assertThat(RpcEmitter.methodName("New")).isEqualTo("new_");
    assertThat(RpcEmitter.methodName("HashCode")).isEqualTo("hashCode_");
    assertThat(RpcEmitter.methodName("With")).isEqualTo("with_");
  }
}
