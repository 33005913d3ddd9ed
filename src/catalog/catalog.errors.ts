import { defineErrors } from '../core/index.js'

export const CatalogErrors = defineErrors('CATALOG', {
  ITEM_NOT_FOUND: { type: 'not_found', zh: '共享清单中没有信息项：%s', en: 'no such item in the sharing list: %s' },
  VERSION_NOT_FOUND: { type: 'not_found', zh: '共享清单版本不存在：%s', en: 'no such catalog version: %s' },
  DOCUMENT_INVALID: { type: 'invalid_data', zh: '共享清单文档不合规：%s', en: 'the catalog document is invalid: %s' },
  INCOMPATIBLE_CHANGE: { type: 'conflict', zh: '新版本不能删除或改变已有的信息项和共享内容：%s', en: 'a new version may only add items and fields: %s' },
  UNCHANGED: { type: 'conflict', zh: '与当前版本内容相同，无需发布', en: 'identical to the current version; nothing to publish' },
})
