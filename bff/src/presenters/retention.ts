import { chinaDate } from '@contest/shared';
import type { RetentionReport } from '../services/retention/purge';
import { RETENTION_KINDS, type RetentionKind } from '../models/retention';

const KIND_LABELS: Record<RetentionKind, string> = {
  notifications: '消息（含推送内容）删除',
  evidence: '证明材料照片删除（含 GridFS 文件）',
  check_ins: '检录记录删除',
  scores: '成绩明细及修改记录删除（公示名单只留总分）',
  objections: '成绩异议删除',
  result_history: '旧版成绩快照删除（公示页只读最新一版）',
  certificates: '证书姓名改为遮蔽姓名',
  teams: '团体报名：未确认成员删除、领队姓名电话删除',
  registrations: '报名信息匿名化（姓名、身份证号、手机号、单位、年龄性别等）',
  accounts: '已无其他数据的账号删除（含登录会话、订阅授权）',
};

/** The purge as lines people read (the command prints them, the BFF logs them): counts only, no personal data. */
export function describeRetentionReport(report: RetentionReport): string[] {
  if (report.busy) return ['另一个清理任务正在运行，本次未做任何改动'];
  const verb = report.applied ? '已清理' : '将清理（演练，未做任何改动；加 --apply 执行）';
  const lines = [`保留期 ${report.retentionDays} 天：${chinaDate(report.finishedBefore)} 之前结束的大赛到期`];
  if (report.competitions.length === 0) lines.push('没有到期的大赛');
  for (const competition of report.competitions) {
    lines.push(`${competition.competitionName}（${competition.competitionId}，${chinaDate(competition.finishedAt)} 结束${competition.resumed ? '，续完上次未完成的清理' : ''}）${verb}：`);
    for (const kind of RETENTION_KINDS) lines.push(`  ${KIND_LABELS[kind]}：${competition.counts[kind]}`);
  }
  lines.push(`过期的幂等应答${report.applied ? '已删除' : '将删除'}：${report.expiredIdempotencyKeys}`);
  return lines;
}
