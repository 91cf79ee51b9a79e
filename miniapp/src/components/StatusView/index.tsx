import { Button, Text, View } from '@tarojs/components'

import './index.scss'

export type Props =
  | { kind: 'loading' }
  | { kind: 'empty'; message: string }
  | { kind: 'error'; message: string; onRetry: () => void }

/** Loading, empty and error states shared by the pages that fetch data. */
export default function StatusView(props: Props) {
  if (props.kind === 'loading') {
    return (
      <View className="status-view status-view--loading">
        <Text>加载中…</Text>
      </View>
    )
  }
  if (props.kind === 'empty') {
    return (
      <View className="status-view status-view--empty">
        <Text>{props.message}</Text>
      </View>
    )
  }
  return (
    <View className="status-view status-view--error">
      <Text className="status-view__message">{props.message}</Text>
      <Button className="status-view__retry" size="mini" onClick={props.onRetry}>
        重试
      </Button>
    </View>
  )
}
