/**
 * The literal among `literals` that equals `value`. A string read from YAML is a string
 * object of its own: V8 compares two literals (internalized strings) by pointer, but such a
 * string against a literal character by character. Code that tests a value against
 * literals on every request takes the literal once, when it reads the value.
 */
export function asLiteral<T extends string>(value: T, literals: readonly T[]): T {
  return literals.find((literal) => literal === value) ?? value;
}
