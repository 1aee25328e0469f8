/** A push_down_predicate that does not parse; `position` is the 1-based character it names. */
export class PredicateError extends Error {
  override name = 'PredicateError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}
