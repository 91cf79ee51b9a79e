import type { PropsWithChildren } from 'react'
import { listenForWeChatPrivacy } from './privacy/wechat'
import { installSession } from './session/signIn'

import './app.scss'

// Once, before any page asks the BFF for something.
installSession()
listenForWeChatPrivacy()

function App({ children }: PropsWithChildren) {
  // children is the page being shown
  return children
}

export default App
