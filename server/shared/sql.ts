/** Escapes LIKE wildcards so user text matches literally inside `%…%`. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
