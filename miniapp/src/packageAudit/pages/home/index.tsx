import { View } from '@tarojs/components'

export default function AuditHome() {
  return <View className="placeholder">审核工作台（即将开放）</View>
}
