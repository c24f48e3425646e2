package dev.tern.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.http.BindException;
import dev.tern.http.BindException.FieldError;
import dev.tern.http.Default;
import dev.tern.http.From;
import dev.tern.http.HttpStatusException;
import dev.tern.http.Max;
import dev.tern.http.Min;
import dev.tern.http.Pattern;
import dev.tern.http.Required;
import dev.tern.http.Source;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds records from requests. The per-type plan (components, annotations, compiled patterns,
 * canonical constructor) is computed once and cached.
 */
final class Binder {

  private record Field(String name, Source source, String key, Type type, Class<?> raw, String dflt,
      boolean required, Long min, Long max, java.util.regex.Pattern pattern) {}

  private record Plan(List<Field> fields, Constructor<?> constructor) {}

  private static final Map<Class<?>, Plan> PLANS = new ConcurrentHashMap<>();

  private Binder() {}

  static <T extends Record> T bind(Class<T> type, RequestContext ctx, ObjectMapper mapper) {
    Plan plan = PLANS.computeIfAbsent(type, Binder::plan);
    JsonNode json = null;
    if (needsJson(plan) && ctx.isJson() && ctx.body().length > 0) {
      try {
        json = mapper.readTree(ctx.body());
      } catch (java.io.IOException e) {
        throw new HttpStatusException(400, "malformed JSON body: " + e.getMessage().lines().findFirst().orElse(""), e);
      }
    }
    List<FieldError> errors = new ArrayList<>();
    Object[] args = new Object[plan.fields.size()];
    for (int i = 0; i < args.length; i++) {
      Field f = plan.fields.get(i);
      Object value;
      try {
        value = read(f, ctx, json, mapper);
      } catch (RuntimeException e) {
        errors.add(new FieldError(f.key, "cannot convert to " + f.raw.getSimpleName()));
        args[i] = defaultPrimitive(f.raw);
        continue;
      }
      if (value == null && f.dflt != null) value = convertText(List.of(f.dflt), f.type, f.raw);
      if (value == null || (value instanceof String s && s.isBlank())) {
        if (f.required) errors.add(new FieldError(f.key, "is required"));
      }
      if (value != null) check(f, value, errors);
      args[i] = value != null ? value : defaultPrimitive(f.raw);
    }
    if (!errors.isEmpty()) throw new BindException(errors);
    try {
      return type.cast(plan.constructor.newInstance(args));
    } catch (java.lang.reflect.InvocationTargetException e) {
      // the record's own compact-constructor validation
      throw new BindException(List.of(new FieldError("", String.valueOf(e.getCause().getMessage()))));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  private static Object read(Field f, RequestContext ctx, JsonNode json, ObjectMapper mapper) {
    if (f.source != null) {
      return switch (f.source) {
        case PATH -> text(f, single(ctx.pathParam(f.key)));
        case QUERY -> text(f, ctx.queryAll(f.key));
        case HEADER -> text(f, ctx.headers(f.key));
        case FORM -> text(f, ctx.formParams().get(f.key));
        case JSON -> json == null ? null : jsonValue(f, json.get(f.key), mapper);
      };
    }
    String p = ctx.pathParam(f.key);
    if (p != null) return text(f, List.of(p));
    List<String> q = ctx.queryAll(f.key);
    if (!q.isEmpty()) return text(f, q);
    List<String> form = ctx.formParams().get(f.key);
    if (form != null) return text(f, form);
    return json == null ? null : jsonValue(f, json.get(f.key), mapper);
  }

  private static List<String> single(String s) {
    return s == null ? null : List.of(s);
  }

  private static Object text(Field f, List<String> values) {
    return values == null || values.isEmpty() ? null : convertText(values, f.type, f.raw);
  }

  private static Object jsonValue(Field f, JsonNode node, ObjectMapper mapper) {
    if (node == null || node.isNull()) return null;
    return mapper.convertValue(node, mapper.constructType(f.type));
  }

  private static Object convertText(List<String> values, Type type, Class<?> raw) {
    if (List.class.isAssignableFrom(raw) || Collection.class == raw) {
      Type elem = type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : String.class;
      Class<?> elemRaw = elem instanceof Class<?> c ? c : String.class;
      List<Object> out = new ArrayList<>(values.size());
      for (String v : values) out.add(scalar(v, elemRaw));
      return List.copyOf(out);
    }
    return scalar(values.get(0), raw);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object scalar(String s, Class<?> t) {
    if (t == String.class) return s;
    String v = s.strip();
    if (t == int.class || t == Integer.class) return Integer.parseInt(v);
    if (t == long.class || t == Long.class) return Long.parseLong(v);
    if (t == double.class || t == Double.class) return Double.parseDouble(v);
    if (t == float.class || t == Float.class) return Float.parseFloat(v);
    if (t == short.class || t == Short.class) return Short.parseShort(v);
    if (t == boolean.class || t == Boolean.class) {
      if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("on")) return true;
      if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("off")) return false;
      throw new IllegalArgumentException("not a boolean: " + s);
    }
    if (t == java.math.BigDecimal.class) return new java.math.BigDecimal(v);
    if (t == java.util.UUID.class) return java.util.UUID.fromString(v);
    if (t.isEnum()) {
      for (Object c : t.getEnumConstants()) {
        if (((Enum) c).name().equalsIgnoreCase(v)) return c;
      }
      throw new IllegalArgumentException("no constant " + s);
    }
    throw new IllegalArgumentException("unsupported type " + t.getName());
  }

  private static void check(Field f, Object value, List<FieldError> errors) {
    if (f.min != null || f.max != null) {
      boolean isNumber = value instanceof Number;
      double n = isNumber ? ((Number) value).doubleValue() : size(value);
      String what = isNumber ? "" : "length ";
      if (n >= 0 && f.min != null && n < f.min) errors.add(new FieldError(f.key, "must have " + what + "at least " + f.min));
      if (n >= 0 && f.max != null && n > f.max) errors.add(new FieldError(f.key, "must have " + what + "at most " + f.max));
    }
    if (f.pattern != null && value instanceof String s && !f.pattern.matcher(s).matches()) {
      errors.add(new FieldError(f.key, "must match " + f.pattern.pattern()));
    }
  }

  private static double size(Object v) {
    if (v instanceof CharSequence s) return s.length();
    if (v instanceof Collection<?> c) return c.size();
    if (v instanceof Map<?, ?> m) return m.size();
    if (v.getClass().isArray()) return java.lang.reflect.Array.getLength(v);
    return -1;
  }

  private static Object defaultPrimitive(Class<?> t) {
    if (!t.isPrimitive()) return null;
    if (t == boolean.class) return false;
    if (t == char.class) return '\0';
    if (t == long.class) return 0L;
    if (t == double.class) return 0d;
    if (t == float.class) return 0f;
    if (t == short.class) return (short) 0;
    if (t == byte.class) return (byte) 0;
    return 0;
  }

  private static boolean needsJson(Plan plan) {
    for (Field f : plan.fields) if (f.source == null || f.source == Source.JSON) return true;
    return false;
  }

  private static Plan plan(Class<?> type) {
    if (!type.isRecord()) throw new IllegalArgumentException(type.getName() + " is not a record");
    RecordComponent[] comps = type.getRecordComponents();
    List<Field> fields = new ArrayList<>(comps.length);
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      RecordComponent c = comps[i];
      types[i] = c.getType();
      From from = c.getAnnotation(From.class);
      String key = from != null && !from.name().isEmpty() ? from.name() : c.getName();
      Default d = c.getAnnotation(Default.class);
      Min min = c.getAnnotation(Min.class);
      Max max = c.getAnnotation(Max.class);
      Pattern p = c.getAnnotation(Pattern.class);
      fields.add(new Field(c.getName(), from == null ? null : from.value(), key, c.getGenericType(), c.getType(),
          d == null ? null : d.value(), c.isAnnotationPresent(Required.class),
          min == null ? null : min.value(), max == null ? null : max.value(),
          p == null ? null : java.util.regex.Pattern.compile(p.value())));
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return new Plan(List.copyOf(fields), ctor);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot bind to " + type.getName() + ": " + e, e);
    }
  }
}
