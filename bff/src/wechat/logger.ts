/** Where the WeChat layer reports what it did: the BFF's pino logger fits; tests collect the lines. */
export interface WeChatLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}
