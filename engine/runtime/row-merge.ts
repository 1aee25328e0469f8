// Joined rows without per-row object churn: the field layout of (left ⋈ right) minus the dropped
// fields is worked out once per task from the first pair (mapped rows all share one shape), then
// each pair becomes an object for the next shuffle, or JSON text for the output, directly.
// On a name clash the right side's value wins. In JSON output the left side's fields come
// first, then the right side's, whose text is built once per right row: a hot key pairs one
// right row with many left rows.

type Row = Record<string, unknown>;

interface Field {
  name: string;
  quoted: string;
}

const jsonValue = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : JSON.stringify(v));

function fieldsJson(fields: Field[], row: Row): string {
  let s = '';
  for (const f of fields) {
    const v = row[f.name];
    if (v === undefined) continue;
    s += (s ? ',' : '') + f.quoted + ':' + jsonValue(v);
  }
  return s;
}

export class RowMerger {
  private leftFields: Field[] | undefined;
  private rightFields: Field[] = [];
  private lastRight: Row | undefined;
  private rightJson = '';

  constructor(private readonly drop: ReadonlySet<string>) {}

  private layout(left: Row, right: Row): Field[] {
    const field = (name: string): Field => ({ name, quoted: JSON.stringify(name) });
    this.rightFields = Object.keys(right).filter((n) => !this.drop.has(n)).map(field);
    this.leftFields = Object.keys(left).filter((n) => !this.drop.has(n) && !(n in right)).map(field);
    return this.leftFields;
  }

  object(left: Row, right: Row): Row {
    const out: Row = {};
    for (const f of this.leftFields ?? this.layout(left, right)) out[f.name] = left[f.name];
    for (const f of this.rightFields) out[f.name] = right[f.name];
    return out;
  }

  json(left: Row, right: Row): string {
    const leftPart = fieldsJson(this.leftFields ?? this.layout(left, right), left);
    if (right !== this.lastRight) {
      this.lastRight = right;
      this.rightJson = fieldsJson(this.rightFields, right);
    }
    return `{${leftPart}${leftPart && this.rightJson ? ',' : ''}${this.rightJson}}`;
  }
}
