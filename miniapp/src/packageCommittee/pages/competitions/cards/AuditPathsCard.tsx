import { Text, View } from '@tarojs/components'
import { AUDIT_PATH_LABELS, ZAuditPath } from '@contest/shared'
import { hostUnitRows } from '../form'
import Card from '../parts/Card'
import Chip from '../parts/Chip'
import FieldError from '../parts/FieldError'
import UnionSearch from '../UnionSearch'
import type { TCardProps } from './cardProps'

/**
 * 审核路径与承办单位: each group's path (工会, or 学校确认学籍 → 承办单位审核), and for each trade of
 * a school-path group the host unit (承办单位) that audits it, picked from the directory.
 */
export default function AuditPathsCard({ form, errorAt, change, set }: TCardProps) {
  const rows = hostUnitRows(form)
  return (
    <Card title="审核路径与承办单位" className="setup-audit-paths">
      {form.groups.map((group) => (
        <View key={group.code} className={`setup-audit-path setup-audit-path--${group.code}`}>
          <View className="committee__label">{group.name}</View>
          <View className="committee__chips">
            {ZAuditPath.options.map((path) => (
              <Chip
                key={path}
                on={(form.groupPaths[group.code] ?? 'union') === path}
                label={AUDIT_PATH_LABELS[path]}
                onClick={() => set({ groupPaths: { ...form.groupPaths, [group.code]: path } }, 'groupPaths')}
              />
            ))}
          </View>
        </View>
      ))}
      <FieldError message={errorAt('groupPaths')} />
      {rows.length > 0 && <View className="committee__hint">学生以学籍所在学校的代码报名；学校确认学籍后报该工种的承办单位审核，再报组委会。</View>}
      {rows.map((row) => (
        <View key={row.cell} className="committee__row setup-host-unit">
          <View className="committee__row-main">
            <View className="committee__row-title">
              {row.trade.name || row.trade.code} · {row.groupName}
            </View>
            <View className="committee__row-sub">{row.host ? `承办单位：${row.host.name}${row.host.code ? `（${row.host.code}）` : ''}` : '还没有承办单位'}</View>
            <FieldError message={errorAt(`host:${row.cell}`) ?? errorAt(`trade:${row.trade.key}:hostUnit`)} />
            {row.host ? (
              <Text
                className="setup-editor__link setup-editor__remove"
                onClick={() => change((f) => ({ ...f, hostUnits: Object.fromEntries(Object.entries(f.hostUnits).filter(([cell]) => cell !== row.cell)) }), `host:${row.cell}`)}
              >
                更换
              </Text>
            ) : (
              <UnionSearch
                chosen={[]}
                placeholder="输入单位名称或代码，选择承办单位"
                addLabel="选为承办单位"
                onAdd={(union) => change((f) => ({ ...f, hostUnits: { ...f.hostUnits, [row.cell]: union } }), `host:${row.cell}`, `trade:${row.trade.key}:hostUnit`)}
              />
            )}
          </View>
        </View>
      ))}
      <FieldError message={errorAt('hostUnits')} />
    </Card>
  )
}
