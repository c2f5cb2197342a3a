/** The structured logger the use cases write to (pino's shape: object first, message second). */
export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
