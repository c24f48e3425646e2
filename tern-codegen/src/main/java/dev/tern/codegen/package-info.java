/**
 * Tern's Thrift IDL compiler: turns {@code .thrift} files into Java that runs on Tern's Thrift
 * runtime ({@code dev.tern.thrift}), and lets other generators plug in.
 *
 * <ul>
 *   <li>{@link dev.tern.codegen.GenMain}: the command line ({@code ./tern gen}).
 *   <li>{@link dev.tern.codegen.Codegen}: the same as a library call (used by the Maven plugin).
 *   <li>{@link dev.tern.codegen.GeneratorPlugin}: the extension point; the Java generator is the
 *       built-in plugin {@code java}.
 * </ul>
 *
 * <h2>Generated Java</h2>
 *
 * <p>All types of an IDL file go to the package its {@code namespace java} names (else
 * {@code namespace *}, else the file name), one top-level class per type:
 *
 * <ul>
 *   <li>enum: a Java enum with {@code value()} and {@code findByValue(int)} (null when unknown; an
 *       unknown value read from the wire leaves the field unset).
 *   <li>struct, exception: an immutable final class with accessors named like the fields,
 *       {@code hasX()} for optional and non-primitive default fields, {@code builder()} /
 *       {@code toBuilder()} (IDL defaults applied, {@code build()} checks required fields),
 *       value equality, and {@code write}/{@code CODEC}. Exceptions extend
 *       {@link dev.tern.core.DeclaredException}. Binary fields are {@code byte[]}, shared, not
 *       copied; collections are immutable.
 *   <li>union: static factories per field, {@code which()}, accessors that check the field.
 *   <li>const: {@code <File>Constants} holding {@code public static final} fields.
 *   <li>typedef: nothing; uses resolve to the underlying type.
 *   <li>service: {@code Iface}, {@code AsyncIface}, args/result structs per function (wire-compatible
 *       with Apache Thrift's {@code f_args}/{@code f_result}), a {@code ThriftMethod} constant per
 *       function, {@code client(caller)}, {@code asyncClient(caller)}, {@code service(impl)} and
 *       {@code serviceAsync(impl)}. A service that {@code extends} another includes its methods.
 * </ul>
 */
package dev.tern.codegen;
