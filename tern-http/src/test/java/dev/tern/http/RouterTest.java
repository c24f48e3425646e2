package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.http.internal.Route;
import dev.tern.http.internal.Router;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

  private final Router router = new Router();

  private void add(String method, String pattern) {
    router.add(new Route(method, pattern, List.of(), ctx -> {}));
  }

  private String matched(String method, String path) {
    return router.find(method, path) instanceof Router.Found f ? f.route().pattern() : null;
  }

  private Map<String, String> params(String method, String path) {
    return ((Router.Found) router.find(method, path)).params();
  }

  @Test
  void staticBeatsParamBeatsWildcard() {
    add("GET", "/users/new");
    add("GET", "/users/:id");
    add("GET", "/users/*rest");
    assertThat(matched("GET", "/users/new")).isEqualTo("/users/new");
    assertThat(matched("GET", "/users/42")).isEqualTo("/users/:id");
    assertThat(params("GET", "/users/42")).containsExactly(Map.entry("id", "42"));
    assertThat(matched("GET", "/users/42/posts/7")).isEqualTo("/users/*rest");
    assertThat(params("GET", "/users/42/posts/7")).containsExactly(Map.entry("rest", "42/posts/7"));
  }

  @Test
  void backtracksFromAStaticDeadEndToAParam() {
    add("GET", "/a/b/c");
    add("GET", "/a/:x/d");
    assertThat(matched("GET", "/a/b/d")).isEqualTo("/a/:x/d");
    assertThat(params("GET", "/a/b/d")).containsEntry("x", "b");
  }

  @Test
  void decodesParamsButMatchesRawPath() {
    add("GET", "/files/:name");
    assertThat(params("GET", "/files/a%20b%2Fc")).containsEntry("name", "a b/c");
    assertThat(matched("GET", "/files/")).isNull();
  }

  @Test
  void anyMethodRouteLosesToMethodRoute() {
    add(null, "/x");
    add("POST", "/x");
    assertThat(((Router.Found) router.find("DELETE", "/x")).route()).hasToString("ANY /x");
    assertThat(((Router.Found) router.find("POST", "/x")).route()).hasToString("POST /x");
  }

  @Test
  void methodNotAllowedListsEveryMethodOfThePath() {
    add("GET", "/items/:id");
    add("DELETE", "/items/:id");
    add("PUT", "/items/special");
    assertThat(router.find("POST", "/items/special"))
        .isEqualTo(new Router.MethodNotAllowed(List.of("DELETE", "GET", "HEAD", "PUT")));
    assertThat(router.find("GET", "/nothing")).isInstanceOf(Router.NotFound.class);
  }

  @Test
  void headFallsBackToGet() {
    add("GET", "/h");
    assertThat(matched("HEAD", "/h")).isEqualTo("/h");
  }

  @Test
  void conflictsAreRejectedAtRegistration() {
    add("GET", "/users/:id");
    assertThatThrownBy(() -> add("GET", "/users/:id"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET /users/:id");
    assertThatThrownBy(() -> add("GET", "/users/:name/posts"))
        .hasMessageContaining(":name").hasMessageContaining(":id").hasMessageContaining("/users/:id");
    add("GET", "/files/*path");
    assertThatThrownBy(() -> add("GET", "/files/*other")).hasMessageContaining("*path");
    assertThatThrownBy(() -> add("GET", "/x/*all/more")).hasMessageContaining("last segment");
    assertThatThrownBy(() -> add("GET", "/x/:")).hasMessageContaining("unnamed");
    assertThatThrownBy(() -> add("GET", "nope")).hasMessageContaining("must start with '/'");
  }

  @Test
  void trailingSlashIsADifferentPath() {
    add("GET", "/dir/");
    assertThat(matched("GET", "/dir/")).isEqualTo("/dir/");
    assertThat(matched("GET", "/dir")).isNull();
    assertThat(router.matchesAnyMethod("/dir/")).isTrue();
  }
}
