// #region spreadsheet-safe
/**
 * A cell that starts with = + - @ or a control character is a formula to Excel and friends;
 * a leading apostrophe makes it plain text again (OWASP's advice against CSV injection).
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
// #endregion spreadsheet-safe
