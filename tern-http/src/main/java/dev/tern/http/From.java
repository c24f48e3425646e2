package dev.tern.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a record component from one {@link Source}, optionally under another name. Without it, a
 * component is looked up by its own name in the path parameters, then the query, then the form,
 * then the JSON body.
 *
 * <pre>{@code record Search(@From(value = Source.HEADER, name = "X-Tenant") String tenant, String q) {}}</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface From {
  Source value();

  /** The name in the request; empty means the component's name. */
  String name() default "";
}
