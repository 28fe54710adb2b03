/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching the user's text anywhere, literally. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}
