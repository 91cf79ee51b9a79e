import { View } from '@tarojs/components'

export default function VenueScan() {
  return <View className="placeholder">现场签到（即将开放）</View>
}
