// #region page-entity
/** One page of a list, and the opaque cursor of the next page (null on the last one). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
// #endregion page-entity
