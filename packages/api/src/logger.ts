/** What the API logs through; the server passes its pino logger. */
export interface ApiLogger {
  error(details: object, message: string): void;
  info(details: object, message: string): void;
}
