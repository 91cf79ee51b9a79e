import { z } from 'zod';
import { ZGroupCode, type TGroupCode } from './competition';

/**
 * The path a group's registrations take before the committee (001_…: the student group is organised
 * by each student's school and entered at each trade's host unit):
 * - `union`: the unions audit (one or two levels, `auditLevels`), as for the worker group;
 * - `school_host`: the student registers with the school's code, the school confirms enrolment (学籍)
 *   and forwards, then the trade's host unit (承办单位) audits.
 */
export const ZAuditPath = z.enum(['union', 'school_host'], { error: '审核路径只能是工会审核或学校、承办单位审核' });
export type TAuditPath = z.infer<typeof ZAuditPath>;

export const AUDIT_PATH_LABELS: Record<TAuditPath, string> = {
  union: '工会审核后报组委会',
  school_host: '学校确认学籍 → 承办单位审核 → 组委会',
};

/** Each group's path; a group not named takes the union path. */
export const ZGroupPaths = z.partialRecord(ZGroupCode, ZAuditPath);
export type TGroupPaths = z.infer<typeof ZGroupPaths>;

/** A trade × group's host unit (承办单位): an organisation of the directory. */
export const ZHostUnit = z.object({
  tradeCode: z.string({ error: '请选择工种' }).min(1, '请选择工种'),
  groupCode: z.enum(ZGroupCode.options, { error: '组别只能是职工组或学生组' }),
  unionId: z.string({ error: '请选择承办单位' }).regex(/^[0-9a-f]{24}$/i, '请选择承办单位'),
});
export type THostUnit = z.infer<typeof ZHostUnit>;

/** The set-up view's host unit: with the organisation's name and code as the directory has them. */
export const ZHostUnitView = ZHostUnit.extend({ unionName: z.string(), unionCode: z.string() });
export type THostUnitView = z.infer<typeof ZHostUnitView>;

/** The two steps of the school path, as the audit screens name them. */
export const SCHOOL_PATH_STEP_LABELS = { school: '学校确认学籍', host: '承办单位审核' } as const;
export type TSchoolPathStep = keyof typeof SCHOOL_PATH_STEP_LABELS;

/** What the school's forward says on the trail (with the official's note, if any). */
export function enrolmentConfirmedNote(note: string | null): string {
  return note ? `学籍已确认：${note}` : '学籍已确认';
}

export function auditPathOf(groupPaths: TGroupPaths | undefined, groupCode: TGroupCode | string): TAuditPath {
  return groupPaths?.[groupCode as TGroupCode] ?? 'union';
}

/** Set-up checks: every trade of a school-path group names its host unit; host units name existing trade × group pairs, once. */
export function checkHostUnits(
  input: { trades: ReadonlyArray<{ code: string; groups: readonly string[] }>; groupPaths?: TGroupPaths; hostUnits?: readonly THostUnit[] },
  ctx: z.RefinementCtx,
): void {
  const named = new Set<string>();
  (input.hostUnits ?? []).forEach((host, i) => {
    const trade = input.trades.find((t) => t.code === host.tradeCode);
    if (!trade) ctx.addIssue({ code: 'custom', path: ['hostUnits', i, 'tradeCode'], message: '工种不存在' });
    else if (!trade.groups.includes(host.groupCode)) ctx.addIssue({ code: 'custom', path: ['hostUnits', i, 'groupCode'], message: '该工种不设此组别' });
    const key = `${host.tradeCode}|${host.groupCode}`;
    if (named.has(key)) ctx.addIssue({ code: 'custom', path: ['hostUnits', i], message: '同一工种、组别的承办单位重复设置' });
    named.add(key);
  });
  input.trades.forEach((trade, i) => {
    for (const group of trade.groups) {
      if (auditPathOf(input.groupPaths, group) === 'school_host' && !named.has(`${trade.code}|${group}`)) {
        ctx.addIssue({ code: 'custom', path: ['trades', i, 'hostUnit'], message: '该组别由学校、承办单位审核，请为此工种选择承办单位' });
      }
    }
  });
}
