import type { ResealReport } from '../services/personalDataResealing';

const FIELD_LABELS: Record<string, string> = {
  nationalIdSealed: '身份证号',
  mobileSealed: '手机号',
  leaderMobileSealed: '领队手机号',
  fileId: '证明材料照片',
};

/** The re-sealing run as lines people read (the CLI prints them): counts only, no personal data. */
export function describeResealing(report: ResealReport): string[] {
  const lines = [`当前密钥 ${report.activeKeyId}${report.dryRun ? '（试运行：只统计，不修改）' : ''}`];
  for (const count of report.counts) {
    const byKey = Object.entries(count.byKeyId)
      .map(([keyId, n]) => `${keyId} ${n} 条`)
      .join('，');
    const done = report.dryRun ? '' : `，已改用当前密钥 ${count.resealed} 条`;
    const unreadable = count.unreadable > 0 ? `，${count.unreadable} 条所用密钥已不在配置中，无法读取，未改动` : '';
    lines.push(`${count.collection} · ${FIELD_LABELS[count.field] ?? count.field}：${byKey || '无'}${done}${unreadable}`);
  }
  const left = report.counts.reduce((sum, count) => sum + Object.entries(count.byKeyId).filter(([keyId]) => keyId !== report.activeKeyId).reduce((n, [, c]) => n + c, 0) - count.resealed, 0);
  lines.push(left === 0 ? '全部记录已使用当前密钥，可以从 PII_ENCRYPTION_KEYS 中移除旧密钥。' : `仍有 ${left} 条记录使用旧密钥：旧密钥请继续保留。`);
  return lines;
}
