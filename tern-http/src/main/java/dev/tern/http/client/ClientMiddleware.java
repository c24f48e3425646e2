package dev.tern.http.client;

/**
 * Turns one {@link ClientHandler} into another, like the server's
 * {@link dev.tern.http.HttpMiddleware}: headers, auth, logging, metrics. Client middleware runs
 * outermost first, around the retries, so it sees one call however many attempts it took.
 *
 * <pre>{@code
 * ClientMiddleware auth = next -> req -> next.send(req.withHeader("Authorization", "Bearer " + token()));
 * }</pre>
 */
@FunctionalInterface
public interface ClientMiddleware {

  ClientHandler wrap(ClientHandler next);
}
