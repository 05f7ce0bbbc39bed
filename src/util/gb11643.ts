/**
 * GB 11643-1999 citizen identification number check character
 * (ISO 7064 MOD 11-2). Shared by the simulator, which makes valid numbers,
 * and the national-id recognizer, which validates them.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function gb11643CheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True when an 18-character id's last character is the right check character. */
export function gb11643Valid(id18: string): boolean {
  if (id18.length !== 18) return false;
  const check = gb11643CheckChar(id18.slice(0, 17));
  return check !== null && check === id18[17]!.toUpperCase();
}
