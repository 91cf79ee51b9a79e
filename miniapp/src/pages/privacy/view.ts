import { formatChinaDateTime } from '../../format/date'

/** 您已于 2026年11月2日 09:30 同意本说明 */
export function acceptedLine(acceptedAt: string | null): string {
  return acceptedAt ? `您已于 ${formatChinaDateTime(acceptedAt)} 同意本说明` : '您已同意本说明'
}
