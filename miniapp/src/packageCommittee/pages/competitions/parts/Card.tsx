import type { ReactNode } from 'react'
import { View } from '@tarojs/components'

export type Props = { title: string; className?: string; children: ReactNode }

/** One card of the editor, under its heading. */
export default function Card({ title, className = '', children }: Props) {
  return (
    <View className={`committee__card ${className}`}>
      <View className="committee__heading">{title}</View>
      {children}
    </View>
  )
}
