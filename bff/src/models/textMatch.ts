/** Text a person typed, escaped to match itself literally inside a MongoDB `$regex`. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
