package dev.tern.http.internal;

import dev.tern.http.FormFile;
import dev.tern.http.HttpStatusException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded {@code multipart/form-data} body: text fields and files. Decoding is Netty's, fed
 * in chunks, so a streamed upload is decoded as it arrives; parts over 16 KiB go to temporary
 * files, deleted when the request ends ({@link #close()}). At most {@value #MAX_FIELDS} fields.
 */
final class Multipart implements AutoCloseable {

  static final int MAX_FIELDS = 1024;

  final Map<String, List<String>> fields;
  final List<FormFile> files;
  private final HttpPostRequestDecoder decoder;

  private Multipart(HttpPostRequestDecoder decoder, Map<String, List<String>> fields, List<FormFile> files) {
    this.decoder = decoder;
    this.fields = fields;
    this.files = files;
  }

  static boolean isMultipart(HttpHeaders headers) {
    String ct = headers.get(HttpHeaderNames.CONTENT_TYPE);
    return ct != null && ct.regionMatches(true, 0, "multipart/form-data", 0, 19);
  }

  /** Decodes a body read from {@code body} (buffered or streamed). */
  static Multipart decode(String method, String uri, HttpHeaders headers, InputStream body, Charset charset) {
    if (!headers.get(HttpHeaderNames.CONTENT_TYPE).toLowerCase(java.util.Locale.ROOT).contains("boundary=")) {
      throw new HttpStatusException(400, "multipart/form-data without a boundary");
    }
    HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri, headers.copy());
    HttpPostRequestDecoder decoder;
    try {
      DefaultHttpDataFactory factory = new DefaultHttpDataFactory(DefaultHttpDataFactory.MINSIZE, charset);
      factory.setDeleteOnExit(false); // deleted when the request ends; a JVM-long list would only grow
      decoder = new HttpPostRequestDecoder(factory, head, charset, MAX_FIELDS, 1 << 20);
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
      throw new HttpStatusException(400, "malformed multipart body: " + e.getMessage(), e);
    }
    try (body) {
      byte[] buf = new byte[32 * 1024];
      for (int n; (n = body.read(buf)) > 0; ) decoder.offer(new DefaultHttpContent(Unpooled.copiedBuffer(buf, 0, n)));
      decoder.offer(new DefaultLastHttpContent());
      Map<String, List<String>> fields = new LinkedHashMap<>();
      List<FormFile> files = new ArrayList<>();
      for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
        if (data instanceof FileUpload f) {
          files.add(new Upload(f));
        } else if (data instanceof Attribute a) {
          fields.computeIfAbsent(a.getName(), k -> new ArrayList<>()).add(a.getValue());
        }
      }
      fields.replaceAll((k, v) -> List.copyOf(v));
      return new Multipart(decoder, Collections.unmodifiableMap(fields), List.copyOf(files));
    } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.TooManyFormFieldsException
        | HttpPostRequestDecoder.TooLongFormFieldException e) {
      decoder.destroy();
      throw new HttpStatusException(400, "malformed multipart body: " + e.getMessage(), e);
    } catch (IOException e) {
      decoder.destroy();
      throw new HttpStatusException(400, "cannot read the multipart body: " + e.getMessage(), e);
    }
  }

  static Multipart decode(String method, String uri, HttpHeaders headers, byte[] body, Charset charset) {
    return decode(method, uri, headers, new ByteArrayInputStream(body), charset);
  }

  /** Deletes temporary files. */
  @Override
  public void close() {
    decoder.destroy();
  }

  private record Upload(FileUpload upload) implements FormFile {
    @Override public String name() { return upload.getName(); }
    @Override public String filename() { return upload.getFilename() == null ? "" : upload.getFilename(); }

    @Override
    public String contentType() {
      return upload.getContentType() == null ? "application/octet-stream" : upload.getContentType();
    }

    @Override public long size() { return upload.length(); }
    @Override public byte[] bytes() throws IOException { return upload.get(); }

    @Override
    public InputStream inputStream() throws IOException {
      return upload.isInMemory() ? new ByteArrayInputStream(upload.get()) : Files.newInputStream(upload.getFile().toPath());
    }

    @Override
    public void transferTo(Path target) throws IOException {
      if (upload.isInMemory()) {
        Files.write(target, upload.get());
      } else {
        Files.copy(upload.getFile().toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    public String toString() {
      return "FormFile[" + name() + ", " + filename() + ", " + contentType() + ", " + size() + " bytes]";
    }
  }
}
