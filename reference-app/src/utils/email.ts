// #region normalize-email
/** Emails compare case-insensitively, so we store them in one canonical form. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
// #endregion normalize-email
