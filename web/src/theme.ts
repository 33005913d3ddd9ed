import type { ThemeConfig } from 'antd'

/** Government blue: a deep navy top bar, a white menu, the primary blue of Chinese public-service portals. */
export const BRAND_BLUE = '#1456d8'
export const HEADER_BLUE = '#0b3a8c'

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND_BLUE,
    colorInfo: BRAND_BLUE,
    colorLink: BRAND_BLUE,
    borderRadius: 4,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: HEADER_BLUE, headerHeight: 56, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#f0f2f5', footerBg: '#f0f2f5' },
    Menu: { itemSelectedBg: '#e8f0fe', itemSelectedColor: BRAND_BLUE, itemHeight: 44, groupTitleColor: '#8c8c8c' },
    Table: { headerBg: '#f3f6fb' },
    Card: { headerFontSize: 15 },
  },
}
