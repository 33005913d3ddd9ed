import zhCN from './zh-CN.json'

/** Every UI text lives in zh-CN.json, keyed by screen; an en-US.json of the same shape can follow. */
export type Messages = typeof zhCN

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

export type MessageKey = Leaves<Messages>

let messages: Record<string, unknown> = zhCN

/** Switches the message table (for a future English version); keys missing there fall back to Chinese. */
export function setMessages(m: Record<string, unknown>): void {
  messages = m
}

function lookup(table: Record<string, unknown>, key: string): string | undefined {
  let node: unknown = table
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** The text for a key, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const text = lookup(messages, key) ?? lookup(zhCN, key) ?? key
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text
}

/** The text for a key built at run time (an enum value, a code); `fallback` when there is none. */
export function tDynamic(key: string, fallback: string): string {
  return lookup(messages, key) ?? lookup(zhCN, key) ?? fallback
}

/** A whole group of texts (e.g. the reason codes under `issues`), for lists built from the message table. */
export function messageGroup(group: keyof Messages): Record<string, string> {
  const g = (messages as Record<string, unknown>)[group] ?? zhCN[group]
  return Object.fromEntries(Object.entries(g as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'))
}
