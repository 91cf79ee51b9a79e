import { REGISTRATION_STATUS_LABELS } from '@contest/shared';
import type { QuotaFinding, QuotaReconciliation } from '../services/quotaReconciliation';

const LIST_WORDS = {
  holders: { place: '占用名额', list: '占用名单', count: '已用名额' },
  confirmedHolders: { place: '计入已确认名额', list: '已确认名单', count: '已确认名额' },
} as const;

function whatWasFound(finding: QuotaFinding): string {
  const words = LIST_WORDS[finding.list];
  const who = `报名 ${finding.registrationId ?? ''}（${finding.status ? REGISTRATION_STATUS_LABELS[finding.status] : '报名不存在'}）`;
  if (finding.kind === 'stray') return `${who}不应${words.place}，却在${words.list}上`;
  if (finding.kind === 'missing') return `${who}应${words.place}，却不在${words.list}上`;
  return `${words.count}记为 ${finding.counted?.stored ?? ''}，${words.list}上有 ${finding.counted?.listed ?? ''} 个`;
}

function whatWasDone(finding: QuotaFinding): string {
  if (finding.outcome === 'reported') return '未修改';
  if (finding.outcome === 'resolved') return '复查时已一致，未改动';
  if (finding.outcome === 'unsettled') return '报名状态仍在变化，未能修复，请稍后再运行';
  if (finding.kind === 'stray') return '已释放';
  if (finding.kind === 'missing') return '已补回';
  return `已改为 ${finding.counted?.listed ?? ''}`;
}

/**
 * The reconciliation as lines people read (the CLI prints them, the BFF logs them at start-up).
 * Registrations appear by id and status only: no personal data.
 */
export function describeQuotaReconciliation(report: QuotaReconciliation): string[] {
  const lines = [`名额核对：${report.counters} 个名额计数，${report.placesHeld} 个应占名额的报名。`];
  if (report.findings.length === 0) return [...lines, '名额与报名状态一致，无需修复。'];
  const repaired = report.findings.filter((f) => f.outcome === 'repaired').length;
  lines.push(
    report.dryRun
      ? `发现 ${report.findings.length} 处不一致（仅核对，未做修改；去掉 --dry-run 再运行即可修复）：`
      : `发现 ${report.findings.length} 处不一致，修复了 ${repaired} 处：`,
  );
  for (const finding of report.findings) lines.push(`  · ${finding.quota}：${whatWasFound(finding)} —— ${whatWasDone(finding)}`);
  return lines;
}
