// One diagnostic as a row of a `.diagnostics` list: severity, where, what, its code (overview and report).
export function DiagnosticItem({
  d,
  position,
}: {
  d: { severity: string; code: string; message: string };
  /** Where it is (`line 18:3`, or a date and line in the report); empty when it has no place. */
  position: string;
}) {
  return (
    <li className={`diag diag-${d.severity}`}>
      <span className={`sev sev-${d.severity}`}>{d.severity}</span>
      <span className="mono diag-pos">{position}</span>
      <span className="diag-msg">{d.message}</span>
      <span className="mono muted diag-code">{d.code}</span>
    </li>
  );
}
