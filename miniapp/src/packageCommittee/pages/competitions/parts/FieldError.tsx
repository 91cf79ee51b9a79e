import { View } from '@tarojs/components'

/** The problem shown under a field, if there is one. */
export default function FieldError({ message }: { message?: string }) {
  return message ? <View className="committee__error">{message}</View> : null
}
