/** A failure of the embedded cluster whose message is one line that says what to do. */
export class EmbeddedClusterError extends Error {}
