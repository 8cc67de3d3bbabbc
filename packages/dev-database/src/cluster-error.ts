/**
 * A failure of the embedded cluster whose message is one line that says what to do. Its `name`
 * tells it apart where this package is not imported (the server's start-up failure path).
 */
export class EmbeddedClusterError extends Error {
  override name = 'EmbeddedClusterError';
}
