/** How far and how wide a read goes: a hub with thousands of shareholders answers a bounded graph, `truncated`. */
export const RELATION_LIMITS = { maxDepth: 3, maxNodes: 500, maxEdgesPerLevel: 1000, maxLapsedPerStep: 100 } as const
