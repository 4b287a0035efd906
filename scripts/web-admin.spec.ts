import { auditDiff, readableValue, stockholmDayStart } from '../web/src/admin/audit-diff';
import { refusalReason, slugFrom } from '../web/src/admin/user-rules';
import { BOM, csvDialect, toCsv } from '../web/src/pipeline/pipeline-csv';
import type { ApiError } from '../web/src/api/client';

/** The pure rules of the web app's administration and pipeline screens. */
describe('auditDiff', () => {
  it('lists only the fields an update changed, in their order, comparing arrays by content', () => {
    expect(
      auditDiff(
        { name: 'Anna', roles: ['partner'], disabled: false, departmentId: null },
        { name: 'Anna', roles: ['department', 'partner'], disabled: true, departmentId: null },
      ),
    ).toEqual([
      { field: 'roles', change: 'changed', before: ['partner'], after: ['department', 'partner'] },
      { field: 'disabled', change: 'changed', before: false, after: true },
    ]);
    expect(auditDiff({ roles: ['a', 'b'] }, { roles: ['a', 'b'] })).toEqual([]);
  });

  it('shows a creation as every field added and a removal as removed', () => {
    expect(auditDiff(null, { code: 'culture', nameSv: 'Kultur' })).toEqual([
      { field: 'code', change: 'added', after: 'culture' },
      { field: 'nameSv', change: 'added', after: 'Kultur' },
    ]);
    expect(auditDiff({ reason: 'x', status: 'submitted' }, { status: 'rejected' })).toEqual([
      { field: 'reason', change: 'removed', before: 'x' },
      { field: 'status', change: 'changed', before: 'submitted', after: 'rejected' },
    ]);
    expect(auditDiff(undefined, null)).toEqual([]);
  });

  it('reads values as a person would', () => {
    expect(readableValue(['admin', 'director'], 'ja', 'nej')).toBe('admin, director');
    expect(readableValue(true, 'ja', 'nej')).toBe('ja');
    expect(readableValue(null, 'ja', 'nej')).toBe('');
    expect(readableValue(12.5, 'ja', 'nej')).toBe('12.5');
    expect(readableValue({ a: 1 }, 'ja', 'nej')).toBe('{"a":1}');
    expect(readableValue([{ id: 1 }], 'ja', 'nej')).toBe('[{"id":1}]');
  });
});

describe('stockholmDayStart', () => {
  it('is midnight in Stockholm, winter and summer time alike', () => {
    expect(stockholmDayStart('2026-01-15')).toBe('2026-01-15T00:00:00+01:00');
    expect(stockholmDayStart('2026-07-01')).toBe('2026-07-01T00:00:00+02:00');
    // The day summer time starts begins at +01:00 ... its next day at +02:00.
    expect(stockholmDayStart('2026-03-28', 1)).toBe('2026-03-29T00:00:00+01:00');
    expect(stockholmDayStart('2026-12-31', 1)).toBe('2027-01-01T00:00:00+01:00');
  });

  it('is null for what is not a day', () => {
    expect(stockholmDayStart('2026-02-30')).toBeNull();
    expect(stockholmDayStart('yesterday')).toBeNull();
    expect(stockholmDayStart('')).toBeNull();
  });
});

describe('toCsv', () => {
  it('starts with the BOM, keeps Swedish letters, and uses the separators of the language', () => {
    const rows = [['Välfärdsområde', 'Median'], ['Vård och omsorg', 12.5], [], ['Åtgärd; "citat"', null]];
    const sv = toCsv(rows, csvDialect('sv'));
    expect(sv.startsWith(BOM)).toBe(true);
    expect(sv).toBe(`${BOM}Välfärdsområde;Median\r\nVård och omsorg;12,5\r\n\r\n"Åtgärd; ""citat""";\r\n`);
    const en = toCsv(rows, csvDialect('en'));
    expect(en).toBe(`${BOM}Välfärdsområde,Median\r\nVård och omsorg,12.5\r\n\r\n"Åtgärd; ""citat""",\r\n`);
    expect(Buffer.from(sv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(toCsv([['=SUM(A1)', '+1', -3]], csvDialect('en'))).toBe(`${BOM}'=SUM(A1),'+1,-3\r\n`);
  });
});

describe('refusalReason', () => {
  const refusal = (status: number, fields: string[] = []) =>
    ({ status, problem: { errors: fields.map((field) => ({ field, message: 'x' })) } }) as unknown as ApiError;
  const admin = { id: 'a', roles: ['admin' as const], disabled: false };

  it('names the last-admin rule when an admin would lose the role or be disabled', () => {
    expect(refusalReason(refusal(422), admin, { roles: ['director'], disabled: false }, { id: 'b' })).toBe('lastAdmin');
    expect(refusalReason(refusal(422), admin, { roles: ['admin'], disabled: true }, { id: 'b' })).toBe('lastAdmin');
  });

  it('names the own-account rule when admins disable themselves', () => {
    expect(refusalReason(refusal(422), admin, { roles: ['admin'], disabled: true }, { id: 'a' })).toBe('ownAccount');
  });

  it('names the department rule, and nothing for other refusals', () => {
    expect(refusalReason(refusal(400, ['departmentId']), admin, admin, { id: 'b' })).toBe('departmentRequired');
    expect(
      refusalReason(refusal(422), admin, { roles: ['admin', 'director'], disabled: false }, { id: 'b' }),
    ).toBeNull();
    expect(refusalReason(refusal(409), admin, { roles: ['partner'], disabled: false }, { id: 'b' })).toBeNull();
  });
});

describe('slugFrom', () => {
  it('suggests a slug the API accepts', () => {
    expect(slugFrom('Kultur- och fritidsförvaltningen')).toBe('kultur-och-fritidsforvaltningen');
    expect(slugFrom('  Åre  Östra ')).toBe('are-ostra');
  });
});
