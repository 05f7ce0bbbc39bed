/**
 * Redacted renderings: enough for a reviewer to recognise the kind and shape
 * of a value (`138****5678`), never enough to recover it.
 */

/** Keep `head` leading and `tail` trailing characters, mask the rest; short values are fully masked. */
export function maskMiddle(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail + 2) return '*'.repeat(chars.length);
  return (
    chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('')
  );
}

/** Phone: mainland 11-digit mobiles as 138****5678; others keep 2 + 2. */
export function redactPhone(digits: string): string {
  if (/^1\d{10}$/.test(digits)) return maskMiddle(digits, 3, 4);
  return maskMiddle(digits, 2, 2);
}

/** Email: first character of the local part, domain kept (z***@163.com). */
export function redactEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskMiddle(email, 1, 0);
  return `${email[0]}***@${email.slice(at + 1)}`;
}

/** Free text (a name, a workplace, an address tail): first character, then one * per remaining character (max 8). */
export function redactText(value: string): string {
  const chars = [...value.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(8, chars.length - 1));
}
