/**
 * Tern HTTP: an HTTP/1.1 server in the style of CloudWeGo Hertz. Start with
 * {@link dev.tern.http.HttpServer}; handlers see a {@link dev.tern.http.HttpContext}; records are
 * bound from requests with {@link dev.tern.http.HttpContext#bind(Class)} and validated with
 * {@link dev.tern.http.Required}, {@link dev.tern.http.Min}, {@link dev.tern.http.Max} and
 * {@link dev.tern.http.Pattern}.
 */
package dev.tern.http;
