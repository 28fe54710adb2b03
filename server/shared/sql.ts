/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern matching the user's text anywhere, literally. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

/**
 * An instant as whole epoch milliseconds (microseconds dropped, as a Date does): a number is the
 * cheapest thing to make a Date of, and the ORM's driver leaves timestamps as text.
 */
export function epochMs(column: string): string {
  return `floor(extract(epoch from ${column}) * 1000)::float8`;
}
