import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** Structured JSON logs. Request bodies are never logged: they carry personal data. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: 'bff' },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    },
    destination,
  );
}
