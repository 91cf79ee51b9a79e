import type { TCheckInConflict } from '@contest/shared'
import { formatChinaClock } from '../../../format/date'

type TScan = TCheckInConflict['kept']

export type TConflictView = {
  id: string
  title: string
  /** The scan holding the check-in (the earlier by scan time), then the other. */
  scans: { key: 'kept' | 'other'; verdict: string; text: string }[]
}

function scanText(scan: TScan): string {
  return `${formatChinaClock(scan.scannedAt)} 扫码 · ${scan.staff} · 设备 ${scan.deviceId}（${formatChinaClock(scan.recordedAt)} 上传）`
}

/** The same pass scanned on two phones offline: which pass, both scans, which one holds the check-in. */
export function toConflictViews(conflicts: TCheckInConflict[]): TConflictView[] {
  return conflicts.map((conflict) => ({
    id: conflict.id,
    title: `${conflict.name} · ${conflict.station} · 准考证号 ${conflict.passNumber}`,
    scans: [
      { key: 'kept', verdict: '有效（先扫）', text: scanText(conflict.kept) },
      { key: 'other', verdict: '重复（后扫）', text: scanText(conflict.other) },
    ],
  }))
}
