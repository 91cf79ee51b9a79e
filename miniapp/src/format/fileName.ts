/** A name for a saved file: the marks file systems or WeChat refuse (and curly quotes) left out. */
export function asFileName(text: string): string {
  return text.replace(/[\\/:*?"<>|“”]/g, '')
}
