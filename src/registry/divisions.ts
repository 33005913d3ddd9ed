/**
 * Administrative division codes (GB/T 2260) as far as the hub needs them: every division of
 * Ningxia 宁夏回族自治区 down to county level, plus the 34 provincial-level divisions of China.
 *
 * Why so little: the hub validates the division part of USCC and ID numbers and tells operators
 * whether an entity is registered in Ningxia. Codes from other provinces are legitimate (branches,
 * out-of-province shareholders, migrant workers) and must be recognised as valid-but-outside, but
 * the hub has no use for their county names, so it does not carry the full national table.
 *
 * Not here on purpose: 宁东能源化工基地管理委员会 is a development-zone administration, not a
 * GB/T 2260 division; its area belongs to 灵武市 and other counties. It has no division code and
 * none is invented for it.
 */

/** Level of a division inside GB/T 2260's three-level hierarchy. */
export type DivisionLevel = 'province' | 'city' | 'county'

/** One division of Ningxia as listed in GB/T 2260. */
export interface NingxiaDivision {
  code: string
  name: string
  level: DivisionLevel
  /** Code of the enclosing division; absent for the province itself. */
  parent?: string
}

/** What {@link lookupDivision} knows about a 6-digit division code. */
export interface DivisionInfo {
  /** The code that was looked up. */
  code: string
  /** Name of the provincial-level division, e.g. 宁夏回族自治区 or 北京市. */
  province: string
  /** Prefecture-level name; only known inside Ningxia. */
  city?: string
  /** County-level name; only known inside Ningxia. */
  county?: string
  inNingxia: boolean
}

/** The provincial-level divisions of China by their 2-digit GB/T 2260 prefix. */
export const PROVINCES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
})

const NINGXIA_PREFIX = '64'

function division(code: string, name: string, level: DivisionLevel, parent?: string): NingxiaDivision {
  return Object.freeze(parent === undefined ? { code, name, level } : { code, name, level, parent })
}

/** All GB/T 2260 divisions of Ningxia: the region, its 5 prefecture-level cities and 22 counties. */
export const NINGXIA_DIVISIONS: readonly NingxiaDivision[] = Object.freeze([
  division('640000', '宁夏回族自治区', 'province'),

  division('640100', '银川市', 'city', '640000'),
  division('640104', '兴庆区', 'county', '640100'),
  division('640105', '西夏区', 'county', '640100'),
  division('640106', '金凤区', 'county', '640100'),
  division('640121', '永宁县', 'county', '640100'),
  division('640122', '贺兰县', 'county', '640100'),
  division('640181', '灵武市', 'county', '640100'),

  division('640200', '石嘴山市', 'city', '640000'),
  division('640202', '大武口区', 'county', '640200'),
  division('640205', '惠农区', 'county', '640200'),
  division('640221', '平罗县', 'county', '640200'),

  division('640300', '吴忠市', 'city', '640000'),
  division('640302', '利通区', 'county', '640300'),
  division('640303', '红寺堡区', 'county', '640300'),
  division('640323', '盐池县', 'county', '640300'),
  division('640324', '同心县', 'county', '640300'),
  division('640381', '青铜峡市', 'county', '640300'),

  division('640400', '固原市', 'city', '640000'),
  division('640402', '原州区', 'county', '640400'),
  division('640422', '西吉县', 'county', '640400'),
  division('640423', '隆德县', 'county', '640400'),
  division('640424', '泾源县', 'county', '640400'),
  division('640425', '彭阳县', 'county', '640400'),

  division('640500', '中卫市', 'city', '640000'),
  division('640502', '沙坡头区', 'county', '640500'),
  division('640521', '中宁县', 'county', '640500'),
  division('640522', '海原县', 'county', '640500'),
])

const BY_CODE: ReadonlyMap<string, NingxiaDivision> = new Map(NINGXIA_DIVISIONS.map((d) => [d.code, d]))

/**
 * Whether a 2-digit code is the prefix of one of China's 34 provincial-level divisions.
 * Used to reject division codes that cannot exist (e.g. '00', '66', '99') while accepting every
 * province, not only Ningxia.
 */
export function isKnownProvincePrefix(code2: string): boolean {
  return Object.hasOwn(PROVINCES, code2)
}

/**
 * Describes a 6-digit division code: its province and, inside Ningxia, its city and county.
 *
 * Returns `undefined` when the code is not 6 digits or its province prefix is unknown. A code
 * whose lower digits are not in the table (another province's county, or a retired or future
 * Ningxia code) still returns what is known — the province, and inside Ningxia the city when its
 * 4-digit prefix is known — because division codes change over time while the province does not,
 * and rejecting a registration over a renamed county would be wrong.
 */
export function lookupDivision(code6: string): DivisionInfo | undefined {
  if (!/^\d{6}$/.test(code6)) return undefined
  const prefix = code6.slice(0, 2)
  const province = PROVINCES[prefix]
  if (province === undefined) return undefined
  if (prefix !== NINGXIA_PREFIX) return { code: code6, province, inNingxia: false }

  const info: DivisionInfo = { code: code6, province, inNingxia: true }
  const city = BY_CODE.get(`${code6.slice(0, 4)}00`)
  if (city !== undefined && city.level === 'city') info.city = city.name
  const county = BY_CODE.get(code6)
  if (county !== undefined && county.level === 'county') info.county = county.name
  return info
}

/** 宁夏回族自治区 → 宁夏, 银川市 → 银川, 兴庆区 → 兴庆, 永宁县 → 永宁. */
function namesOf(d: NingxiaDivision): string[] {
  return [d.name, d.name.replace(/(回族自治区|市|区|县)$/, '')]
}

/** Everything that may precede a division's own name: nothing, or a spelling of any ancestor. */
function qualifiersOf(d: NingxiaDivision): string[] {
  const parent = d.parent === undefined ? undefined : BY_CODE.get(d.parent)
  return parent === undefined ? [''] : [...qualifiersOf(parent), ...spellingsOf(parent)]
}

/**
 * Every spelling of a division: its full or short name, optionally preceded by its ancestors'
 * full or short names ('银川市兴庆区', '宁夏兴庆区', '宁夏回族自治区银川兴庆').
 */
function spellingsOf(d: NingxiaDivision): string[] {
  return qualifiersOf(d).flatMap((qualifier) => namesOf(d).map((name) => qualifier + name))
}

const BY_NAME: ReadonlyMap<string, NingxiaDivision> = new Map(
  NINGXIA_DIVISIONS.flatMap((d) => spellingsOf(d).map((name) => [name, d] as const)),
)

/**
 * Finds a Ningxia division by the name people actually write: the full name ('银川市', '兴庆区'),
 * the name without its suffix ('银川', '兴庆', '宁夏'), or a name qualified by its parents
 * ('宁夏银川市兴庆区', '银川市兴庆区'). Whitespace is ignored.
 *
 * Why: source systems deliver registration places as free text; mapping them to a code lets the
 * hub cross-check them against the division part of a USCC. Returns `undefined` for anything that
 * is not a Ningxia GB/T 2260 division, including 宁东能源化工基地.
 */
export function findDivisionByName(name: string): NingxiaDivision | undefined {
  return BY_NAME.get(name.replace(/\s/g, ''))
}
