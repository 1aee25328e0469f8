// Joined rows without per-row object churn: the field layout of (left ⋈ right) minus the dropped
// fields is worked out once per task from the first pair (mapped rows all share one shape), then
// each pair becomes an object for the next shuffle, or JSON text for the output, directly.
// On a name clash the right side's value wins.

type Row = Record<string, unknown>;

export class RowMerger {
  private fields: { name: string; quoted: string; fromRight: boolean }[] | undefined;

  constructor(private readonly drop: ReadonlySet<string>) {}

  private layout(left: Row, right: Row): NonNullable<RowMerger['fields']> {
    const names = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((n) => !this.drop.has(n));
    this.fields = names.map((name) => ({ name, quoted: JSON.stringify(name), fromRight: name in right }));
    return this.fields;
  }

  object(left: Row, right: Row): Row {
    const out: Row = {};
    for (const f of this.fields ?? this.layout(left, right)) out[f.name] = f.fromRight ? right[f.name] : left[f.name];
    return out;
  }

  json(left: Row, right: Row): string {
    let s = '{';
    for (const f of this.fields ?? this.layout(left, right)) {
      const v = f.fromRight ? right[f.name] : left[f.name];
      if (v === undefined) continue;
      s += (s.length > 1 ? ',' : '') + f.quoted + ':' + (typeof v === 'number' && Number.isFinite(v) ? String(v) : JSON.stringify(v));
    }
    return s + '}';
  }
}
