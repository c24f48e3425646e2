package dev.tern.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A file uploaded in a {@code multipart/form-data} request (see {@link HttpContext#formFiles()}).
 * Small files are held in memory, larger ones (over 16 KiB) in a temporary file that is deleted
 * when the request is done: copy what must be kept with {@link #transferTo(Path)}.
 */
public interface FormFile {

  /** The form field name. */
  String name();

  /** The file name the client gave (untrusted: never use it as a path as is), or an empty string. */
  String filename();

  /** The part's content type, {@code application/octet-stream} if none was given. */
  String contentType();

  long size();

  /** The content in memory. */
  byte[] bytes() throws IOException;

  InputStream inputStream() throws IOException;

  /** Moves or copies the content to {@code target}, replacing it. */
  void transferTo(Path target) throws IOException;
}
