import { useState } from 'react'
import { Button, Input, View } from '@tarojs/components'

export type Props = { placeholder: string; className: string; onAdd: (name: string) => void }

/** An honour's name typed and added (添加 or the keyboard's confirm); the field empties after. */
export default function HonourInput({ placeholder, className, onAdd }: Props) {
  const [name, setName] = useState('')
  const add = () => {
    onAdd(name)
    setName('')
  }
  return (
    <View className="setup-editor__bar">
      <Input
        className={`committee__input setup-editor__grow ${className}`}
        value={name}
        maxlength={40}
        placeholder={placeholder}
        onInput={(e) => setName(e.detail.value)}
        onConfirm={add}
      />
      <Button className="committee__small" size="mini" onClick={add}>
        添加
      </Button>
    </View>
  )
}
