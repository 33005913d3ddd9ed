import { useEffect, useRef } from 'react'
import { init, use, type ComposeOption, type ECharts } from 'echarts/core'
import { BarChart, GraphChart, LineChart, RadarChart, type BarSeriesOption, type GraphSeriesOption, type LineSeriesOption, type RadarSeriesOption } from 'echarts/charts'
import {
  AriaComponent, GridComponent, LegendComponent, RadarComponent, TooltipComponent, type AriaComponentOption, type GridComponentOption,
  type LegendComponentOption, type RadarComponentOption, type TooltipComponentOption,
} from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

// Only what the screens draw: bars, lines, radars (信用评价的维度), the relationship graph, axes, legend, tooltip; SVG
// stays crisp on any screen and in screenshots.
use([BarChart, GraphChart, LineChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, AriaComponent, SVGRenderer])

export type ChartOption = ComposeOption<BarSeriesOption | GraphSeriesOption | LineSeriesOption | RadarSeriesOption | GridComponentOption | LegendComponentOption | RadarComponentOption | TooltipComponentOption | AriaComponentOption>

/** An ECharts canvas that follows its container's size. `label` is read out by screen readers. */
export function EChart({ option, height = 320, label }: { option: ChartOption; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)

  useEffect(() => {
    if (!el.current) return
    const c = init(el.current, undefined, { renderer: 'svg', locale: 'ZH' })
    chart.current = c
    const ro = new ResizeObserver(() => c.resize())
    ro.observe(el.current)
    return () => {
      ro.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height }} />
}
