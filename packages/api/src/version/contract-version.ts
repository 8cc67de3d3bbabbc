/**
 * The version of the API contract (the procedures, their inputs and outputs, the event unions and
 * error codes) in semver: a breaking change raises the major, an addition the minor. The client
 * package's version follows it (packages/client/README.md, "Versioning"); bump both together.
 */
export const API_CONTRACT_VERSION = '2.5.0';
