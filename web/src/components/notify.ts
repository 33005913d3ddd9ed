import { App } from 'antd'
import { errorMessage, isUnauthorized } from '../api/client'

/** antd messages bound to the app's theme; `error(err)` shows the server's Chinese detail, never an object or stack. */
export function useNotify() {
  const { message } = App.useApp()
  return {
    success: (text: string) => void message.success(text),
    info: (text: string) => void message.info(text),
    error(err: unknown) {
      if (isUnauthorized(err)) return
      const text = errorMessage(err)
      if (text) void message.error({ content: text, duration: 6 })
    },
  }
}
