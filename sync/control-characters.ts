// One definition of the characters no address, form field or key of ours may hold: PostgreSQL refuses NUL in
// text (an error that used to come back with its query), and the others are never typed by a person.

/** C0 controls and DEL, except tab, line feed and carriage return (which text fields may hold). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** The message a refusal gives, naming the field. */
export function controlCharacterMessage(field: string): string {
  return `${field} contains a control character (such as NUL, %00); remove it and try again.`;
}
