/**
 * Word lists for synthetic Ningxia subjects: divisions with their share of registered market
 * entities, towns, roads and industrial parks, Chinese personal names (with the surnames common
 * among the Hui 回族 population), trade names (字号) and industry profiles (GB/T 4754-2017 classes,
 * 经营范围, words used in company names).
 *
 * Everything is invented for demonstration; trade names are generic auspicious or place words and
 * deliberately avoid well-known Ningxia brands.
 */

import { weightedTable, type WeightedTable } from './random.js'

export type EntityKind = 'enterprise' | 'individual_business' | 'cooperative'

/** A Ningxia county-level division with what the generator needs to describe places in it. */
export interface CountyInfo {
  code: string
  /** Full county name, e.g. 兴庆区, 永宁县, 灵武市. */
  name: string
  /** Short name used as a company-name prefix, e.g. 灵武, 中宁. */
  short: string
  cityCode: string
  /** Full city name, e.g. 银川市. */
  city: string
  /** Short city name, e.g. 银川. */
  cityShort: string
  /** Relative share of market entities registered here. */
  weight: number
  towns: readonly string[]
  parks: readonly string[]
  /** Basic people's court of the county: name and the 4-digit part of its case-number code (宁0104). */
  court: string
  courtCode: string
}

const CITY_NAMES: Readonly<Record<string, string>> = {
  '640100': '银川市',
  '640200': '石嘴山市',
  '640300': '吴忠市',
  '640400': '固原市',
  '640500': '中卫市',
}

/** 中级人民法院 of each city and its case-number code. */
export const INTERMEDIATE_COURTS: Readonly<Record<string, { name: string; code: string }>> = {
  '640100': { name: '银川市中级人民法院', code: '01' },
  '640200': { name: '石嘴山市中级人民法院', code: '02' },
  '640300': { name: '吴忠市中级人民法院', code: '03' },
  '640400': { name: '固原市中级人民法院', code: '04' },
  '640500': { name: '中卫市中级人民法院', code: '05' },
}

/** One-character city abbreviations used in document numbers (银市监罚字〔2023〕56号). */
export const CITY_ABBR: Readonly<Record<string, string>> = {
  '640100': '银',
  '640200': '石',
  '640300': '吴',
  '640400': '固',
  '640500': '卫',
}

type CountyRow = [code: string, name: string, weight: number, towns: string[], parks: string[]]

const COUNTY_ROWS: CountyRow[] = [
  ['640104', '兴庆区', 16, ['掌政镇', '大新镇', '通贵乡', '月牙湖乡'], ['银川综合保税区', '银川市兴庆区掌政工业园']],
  ['640105', '西夏区', 9, ['镇北堡镇', '兴泾镇'], ['银川经济技术开发区', '宁夏文化科技产业园']],
  ['640106', '金凤区', 14, ['良田镇', '丰登镇'], ['银川iBi育成中心', '阅海湾中央商务区']],
  ['640121', '永宁县', 4, ['杨和镇', '李俊镇', '望远镇', '闽宁镇', '胜利乡', '望洪镇'], ['望远工业园区', '永宁工业园区']],
  ['640122', '贺兰县', 4, ['习岗镇', '金贵镇', '立岗镇', '洪广镇', '常信乡'], ['德胜工业园区', '暖泉工业园区']],
  ['640181', '灵武市', 4, ['东塔镇', '郝家桥镇', '崇兴镇', '宁东镇', '马家滩镇', '临河镇', '梧桐树乡'], ['宁东能源化工基地', '灵武羊绒产业园区']],
  ['640202', '大武口区', 5, ['星海镇'], ['石嘴山经济技术开发区']],
  ['640205', '惠农区', 3, ['红果子镇', '尾闸镇', '园艺镇', '庙台乡', '礼和乡'], ['石嘴山高新技术产业开发区', '红果子工业园区']],
  ['640221', '平罗县', 3, ['城关镇', '黄渠桥镇', '宝丰镇', '头闸镇', '姚伏镇', '崇岗镇', '陶乐镇', '高庄乡'], ['平罗工业园区']],
  ['640302', '利通区', 5, ['金积镇', '金银滩镇', '高闸镇', '扁担沟镇', '上桥镇', '古城镇', '郭家桥乡'], ['吴忠金积工业园区', '吴忠太阳山开发区']],
  ['640303', '红寺堡区', 1.5, ['红寺堡镇', '太阳山镇', '大河乡', '新庄集乡'], ['红寺堡弘德工业园区']],
  ['640323', '盐池县', 2, ['花马池镇', '大水坑镇', '惠安堡镇', '高沙窝镇', '王乐井乡', '青山乡', '麻黄山乡'], ['盐池工业园区']],
  ['640324', '同心县', 2, ['豫海镇', '河西镇', '丁塘镇', '韦州镇', '下马关镇', '预旺镇', '王团镇'], ['同心工业园区']],
  ['640381', '青铜峡市', 3, ['小坝镇', '大坝镇', '青铜峡镇', '叶盛镇', '瞿靖镇', '峡口镇'], ['青铜峡工业园区']],
  ['640402', '原州区', 4, ['三营镇', '官厅镇', '开城镇', '张易镇', '彭堡镇', '头营镇', '黄铎堡镇'], ['固原经济技术开发区']],
  ['640422', '西吉县', 2, ['吉强镇', '兴隆镇', '平峰镇', '新营乡', '将台堡镇', '硝河乡'], ['西吉工业园区']],
  ['640423', '隆德县', 1, ['城关镇', '沙塘镇', '联财镇', '神林乡', '观庄乡'], ['隆德工业园区']],
  ['640424', '泾源县', 0.7, ['香水镇', '泾河源镇', '六盘山镇', '新民乡', '黄花乡'], ['泾源工业园区']],
  ['640425', '彭阳县', 1.2, ['白阳镇', '王洼镇', '古城镇', '红河镇', '新集乡', '城阳乡'], ['彭阳工业园区']],
  ['640502', '沙坡头区', 4, ['滨河镇', '文昌镇', '东园镇', '柔远镇', '镇罗镇', '宣和镇', '永康镇', '常乐镇', '迎水桥镇'], ['中卫工业园区', '中卫西部云基地']],
  ['640521', '中宁县', 3, ['宁安镇', '鸣沙镇', '石空镇', '新堡镇', '恩和镇', '大战场镇', '舟塔乡', '白马乡', '余丁乡'], ['中宁工业园区']],
  ['640522', '海原县', 1.5, ['海城镇', '李旺镇', '西安镇', '七营镇', '史店乡', '关桥乡', '三河镇'], ['海原工业园区']],
]

function shortName(name: string): string {
  return name.replace(/(市|区|县)$/, '')
}

function courtOf(code: string, name: string, city: string): string {
  // District courts carry the city name (银川市兴庆区人民法院); county and county-level city courts do not.
  return name.endsWith('区') ? `${city}${name}人民法院` : `${name}人民法院`
}

export const COUNTIES: readonly CountyInfo[] = COUNTY_ROWS.map(([code, name, weight, towns, parks]) => {
  const cityCode = `${code.slice(0, 4)}00`
  const city = CITY_NAMES[cityCode] as string
  return Object.freeze({
    code,
    name,
    short: shortName(name),
    cityCode,
    city,
    cityShort: shortName(city),
    weight,
    towns,
    parks,
    court: courtOf(code, name, city),
    courtCode: code.slice(2, 6),
  })
})

export const COUNTY_BY_CODE: ReadonlyMap<string, CountyInfo> = new Map(COUNTIES.map((c) => [c.code, c]))

/** Counties weighted by their share of market entities (银川 about half). */
export const COUNTY_TABLE: WeightedTable<CountyInfo> = weightedTable(COUNTIES.map((c) => [c, c.weight] as const))

/** Streets by city code; combined with generic streets that exist in almost every Ningxia town. */
export const ROADS: Readonly<Record<string, readonly string[]>> = {
  '640100': [
    '解放东街', '解放西街', '北京东路', '北京中路', '北京西路', '上海东路', '上海西路', '文化东街', '文化西街',
    '新华东街', '民族北街', '民族南街', '凤凰北街', '正源北街', '正源南街', '宁安大街', '亲水大街', '贺兰山中路',
    '长城中路', '长城东路', '黄河东路', '湖滨西街', '怀远路', '同心路', '丽景北街', '康平路', '宝湖路', '满春路',
  ],
  '640200': ['朝阳西街', '朝阳东街', '游艺西街', '游艺东街', '世纪大道', '贺兰山北路', '长庆街', '友谊路', '鼓楼南街', '南大街'],
  '640300': ['利通北街', '利通南街', '裕民东街', '裕民西街', '开元大道', '明珠路', '文卫路', '世纪大道', '汉坝西街', '花马池北街'],
  '640400': ['文化街', '中山街', '政府街', '六盘山路', '西城路', '东海街', '清河路', '北京路', '西兰街'],
  '640500': ['鼓楼东街', '鼓楼西街', '中山街', '应理南街', '应理北街', '文萃路', '平安大道', '宁安东街', '海城路'],
}
export const GENERIC_ROADS: readonly string[] = ['人民路', '建设路', '文化路', '新华街', '团结路', '胜利街', '育才路', '朝阳路', '友谊路', '和平路', '工业路', '迎宾大道']

export const VILLAGES: readonly string[] = [
  '红星', '光明', '团结', '新华', '永丰', '丰收', '胜利', '和平', '东风', '星火', '联合', '新民', '富民', '兴盛',
  '金星', '五星', '高桥', '杨桥', '李庄', '张湾', '马圈', '杨渠', '沙湾', '园子', '孙家滩', '红旗', '上滩', '下河',
  '前进', '塔桥', '王团', '田园', '金沙', '清水', '新庄', '马家湾', '海子', '旱台', '黄河', '长山头',
]

export const BUILDING_NAMES: readonly string[] = [
  '万达广场', '新华百货大楼', '国际贸易中心', '金融大厦', '创业大厦', '科技大厦', '商务中心', '时代广场',
  '鼓楼商厦', '建发大厦', '悦海新天地', '中阿之轴', '建业大厦', '滨河商务大厦', '丝路经济园',
]

// ---------------------------------------------------------------------------------------------
// People.

/** Surnames with rough weights for Ningxia; 马 leads, and Hui surnames 丁/杨/海/纳/白/金/穆… are present. */
export const SURNAMES: WeightedTable<string> = weightedTable<string>([
  ['马', 10], ['王', 8], ['李', 7], ['张', 6], ['杨', 5], ['刘', 4.5], ['田', 2], ['丁', 2], ['白', 1.6], ['赵', 2],
  ['陈', 2], ['周', 1.5], ['吴', 1.3], ['郭', 1.3], ['何', 1.2], ['高', 1.5], ['金', 1], ['海', 0.8], ['纳', 0.6],
  ['穆', 0.4], ['冶', 0.3], ['虎', 0.3], ['哈', 0.3], ['拜', 0.2], ['锁', 0.2], ['黑', 0.2], ['撒', 0.15], ['苏', 1],
  ['罗', 1], ['徐', 1], ['孙', 1.2], ['朱', 1], ['胡', 1], ['韩', 1], ['冯', 0.9], ['贾', 0.9], ['魏', 0.8],
  ['任', 0.8], ['蒋', 0.5], ['许', 0.8], ['宋', 0.8], ['谢', 0.6], ['梁', 0.8], ['曹', 0.8], ['闫', 0.8], ['姚', 0.6],
  ['雍', 0.3], ['万', 0.4], ['郝', 0.6], ['常', 0.6], ['武', 0.6], ['黄', 0.8], ['林', 0.6], ['吕', 0.5], ['袁', 0.5],
  ['党', 0.3], ['余', 0.4], ['单', 0.2], ['柳', 0.2], ['俞', 0.2], ['滕', 0.2],
])

export const MALE_GIVEN: readonly string[] = [
  '伟', '军', '勇', '强', '磊', '涛', '斌', '杰', '鹏', '辉', '华', '明', '刚', '平', '海', '福', '学', '忠', '文', '俊',
  '峰', '超', '波', '亮', '建', '国', '成', '林', '东', '生', '宁', '龙', '兵', '武', '德', '志', '鑫', '宇', '浩', '洋',
  '飞', '振', '新', '春', '永', '贵', '有', '祥', '宝', '义', '虎', '山', '清', '瑞', '荣', '升', '旭', '晨', '金', '银',
  '云', '彦', '保', '兴', '万', '胜', '军', '红', '利', '治',
]

export const FEMALE_GIVEN: readonly string[] = [
  '芳', '娟', '敏', '静', '丽', '燕', '霞', '艳', '玲', '梅', '红', '琴', '萍', '英', '兰', '莉', '婷', '雪', '娜', '慧',
  '凤', '花', '秀', '晶', '洁', '婧', '瑶', '悦', '佳', '倩', '欣', '月', '蓉', '琳', '莲', '翠', '桂', '彩', '金', '春',
]

// ---------------------------------------------------------------------------------------------
// Businesses.

/** 2-character trade names (字号). Generic on purpose: no real Ningxia brand. */
export const TRADE_NAMES: readonly string[] = [
  '塞上', '贺兰', '六盘', '沙湖', '黄河', '凤城', '塞北', '朔方', '灵州', '清水', '罗山', '须弥', '泾河', '唐徕', '汉延',
  '艾依', '鸣翠', '览山', '金积', '牛首', '火石', '沙坡', '腾格', '鑫源', '华泰', '恒信', '瑞丰', '金沙', '宏达', '嘉禾',
  '德润', '盛源', '兴达', '天元', '汇通', '鸿福', '泰和', '永兴', '宏远', '中盛', '金穗', '丰泽', '润禾', '嘉利', '金达',
  '昊天', '富民', '宁丰', '宁盛', '宁润', '宁华', '宁康', '西北', '雁湖', '长河', '银丰', '银鑫', '塞外', '沃野', '润泽',
  '晟达', '祥瑞', '福润', '明德', '正信', '诚达', '和盛', '众鑫', '鼎盛', '华宇', '天成', '亿达', '顺达', '通达', '佳禾',
  '金丰', '丰源', '新禾', '绿源', '绿洲', '沃土', '百川', '千禧', '万通', '博远', '卓越', '锦程', '东方', '西域', '北方',
  '九州', '华夏', '盛世', '天润', '康源', '安泰', '荣盛', '乾元', '恒丰', '回乡', '清源', '和顺', '大地', '红山', '青山',
  '金山', '宝山', '瑞德', '德丰', '利民', '惠民', '益民', '新宇', '新源', '鑫泰', '鑫盛', '鑫达', '鑫隆', '金鼎', '金诚',
  '金桥', '嘉华', '嘉诚', '星河', '远航', '启明', '朝阳', '鹏程', '永盛', '同创', '聚源', '万家', '吉祥', '福瑞',
]

/** Industry flags used to decide which items a subject plausibly has. */
export const TAG_AGRI = 1
export const TAG_INDUSTRIAL = 2
export const TAG_TECH = 4
export const TAG_FOOD = 8
export const TAG_TRANSPORT = 16
export const TAG_RETAIL = 32

/** A GB/T 4754-2017 class: section letter + 4-digit class code, and its name. */
export interface IndustryClass {
  code: string
  name: string
}

/** What the generator knows about one line of business. */
export interface IndustryProfile {
  key: string
  tags: number
  /** Relative frequency per entity kind (0 = never). */
  weights: Readonly<Record<EntityKind, number>>
  /** Words after the trade name in company names (…枸杞科技有限公司). */
  companyWords: readonly string[]
  /** Shop words for individual businesses (…面馆), each with its class. */
  shops: ReadonlyArray<readonly [word: string, cls: IndustryClass]>
  /** Cooperative activities (…枸杞种植专业合作社), each with its class. */
  coopWords: ReadonlyArray<readonly [word: string, cls: IndustryClass]>
  /** Classes used by enterprises of this profile. */
  classes: readonly IndustryClass[]
  /** 经营范围 text. */
  scope: string
  /** Words for trademarks / patents / software in this line of business. */
  products: readonly string[]
  /** Nice classes typical for its trademarks. */
  niceClasses: readonly number[]
}

const c = (code: string, name: string): IndustryClass => ({ code, name })

export const INDUSTRY_PROFILES: readonly IndustryProfile[] = [
  {
    key: 'goji', tags: TAG_AGRI | TAG_FOOD,
    weights: { enterprise: 6, individual_business: 3, cooperative: 6 },
    companyWords: ['枸杞', '枸杞产业', '枸杞生物科技', '枸杞科技', '杞业'],
    shops: [['枸杞商行', c('F5223', '果品、蔬菜零售')], ['枸杞特产店', c('F5223', '果品、蔬菜零售')]],
    coopWords: [['枸杞种植', c('A0159', '其他水果种植')], ['枸杞产销', c('A0159', '其他水果种植')]],
    classes: [c('A0159', '其他水果种植'), c('C1373', '水果和坚果加工'), c('F5123', '果品、蔬菜批发')],
    scope: '枸杞种植、收购、烘干、加工及销售；枸杞苗木培育；预包装食品销售；农副产品销售；货物进出口。',
    products: ['枸杞', '枸杞原浆', '枸杞干果', '黑枸杞', '枸杞芽茶'],
    niceClasses: [29, 30, 31, 32, 35],
  },
  {
    key: 'wine', tags: TAG_AGRI | TAG_FOOD | TAG_INDUSTRIAL,
    weights: { enterprise: 3, individual_business: 2, cooperative: 2 },
    companyWords: ['葡萄酒', '葡萄酒业', '酒庄', '葡萄酒庄', '酒业'],
    shops: [['烟酒商行', c('F5225', '酒、饮料及茶叶零售')], ['葡萄酒专卖店', c('F5225', '酒、饮料及茶叶零售')]],
    coopWords: [['酿酒葡萄种植', c('A0152', '葡萄种植')]],
    classes: [c('C1515', '葡萄酒制造'), c('A0152', '葡萄种植'), c('F5127', '酒、饮料及茶叶批发')],
    scope: '酿酒葡萄种植；葡萄酒生产、销售；酒类经营；葡萄酒文化旅游及观光服务；会议及展览服务。',
    products: ['干红葡萄酒', '干白葡萄酒', '桃红葡萄酒', '赤霞珠干红', '霞多丽干白'],
    niceClasses: [33, 35, 43],
  },
  {
    key: 'halal', tags: TAG_FOOD,
    weights: { enterprise: 6, individual_business: 14, cooperative: 0 },
    companyWords: ['清真食品', '清真食品加工', '清真牛羊肉', '清真餐饮管理', '食品'],
    shops: [
      ['清真面馆', c('H6210', '正餐服务')], ['牛肉拉面馆', c('H6220', '快餐服务')], ['手抓羊肉馆', c('H6210', '正餐服务')],
      ['羊杂碎店', c('H6220', '快餐服务')], ['清真餐厅', c('H6210', '正餐服务')], ['烩小吃店', c('H6220', '快餐服务')],
      ['面馆', c('H6220', '快餐服务')], ['油香馓子店', c('C1431', '米、面制品制造')],
    ],
    coopWords: [],
    classes: [c('C1353', '肉制品及副产品加工'), c('C1431', '米、面制品制造'), c('H6210', '正餐服务')],
    scope: '清真食品加工、销售；牛羊肉分割、冷藏、销售；预包装食品（含冷藏冷冻食品）销售；餐饮服务；食品互联网销售。',
    products: ['清真牛肉干', '手抓羊肉', '清真糕点', '油香', '馓子', '牛肉拉面'],
    niceClasses: [29, 30, 43],
  },
  {
    key: 'tanyang', tags: TAG_AGRI | TAG_FOOD,
    weights: { enterprise: 3, individual_business: 3, cooperative: 8 },
    companyWords: ['滩羊', '滩羊产业', '牧业', '畜牧', '肉业'],
    shops: [['牛羊肉店', c('F5224', '肉、禽、蛋、奶及水产品零售')], ['滩羊肉专卖店', c('F5224', '肉、禽、蛋、奶及水产品零售')]],
    coopWords: [['滩羊养殖', c('A0314', '羊的饲养')], ['肉牛养殖', c('A0311', '牛的饲养')], ['畜牧养殖', c('A0314', '羊的饲养')]],
    classes: [c('A0314', '羊的饲养'), c('C1351', '牲畜屠宰'), c('A0311', '牛的饲养')],
    scope: '滩羊、肉牛养殖及销售；牲畜屠宰；饲草种植及加工；农副产品收购；预包装食品销售。',
    products: ['滩羊肉', '羊肉礼盒', '冷鲜羊肉', '羊肉卷', '牛肉'],
    niceClasses: [29, 31, 35],
  },
  {
    key: 'energy', tags: TAG_INDUSTRIAL | TAG_TECH,
    weights: { enterprise: 4, individual_business: 0, cooperative: 0 },
    companyWords: ['新能源', '光伏科技', '风电', '新能源科技', '能源', '储能科技'],
    shops: [],
    coopWords: [],
    classes: [c('D4416', '太阳能发电'), c('D4415', '风力发电'), c('M7515', '新能源技术推广服务')],
    scope: '光伏发电、风力发电项目的开发、建设、运营及维护；储能技术服务；新能源技术推广服务；电力供应。',
    products: ['光伏组件', '光伏支架', '储能系统', '风机叶片', '逆变器'],
    niceClasses: [7, 9, 11, 37, 42],
  },
  {
    key: 'coalchem', tags: TAG_INDUSTRIAL,
    weights: { enterprise: 2.5, individual_business: 0, cooperative: 0 },
    companyWords: ['煤化工', '化工', '煤业', '精细化工', '化学'],
    shops: [],
    coopWords: [],
    classes: [c('C2614', '有机化学原料制造'), c('C2522', '煤制合成气生产'), c('B0610', '烟煤和无烟煤开采洗选')],
    scope: '煤炭洗选加工；甲醇、聚丙烯、精细化学品（不含危险化学品）生产及销售；化工技术咨询；货物进出口。',
    products: ['甲醇', '聚丙烯', '煤基活性炭', '煤焦油', '精细化学品'],
    niceClasses: [1, 4, 17],
  },
  {
    key: 'building', tags: TAG_INDUSTRIAL,
    weights: { enterprise: 5, individual_business: 4, cooperative: 0 },
    companyWords: ['建材', '新型建材', '商砼', '建材贸易', '混凝土'],
    shops: [['建材店', c('F5271', '五金零售')], ['五金建材店', c('F5271', '五金零售')], ['五金店', c('F5271', '五金零售')]],
    coopWords: [],
    classes: [c('C3021', '水泥制品制造'), c('C3011', '水泥制造'), c('F5165', '建材批发')],
    scope: '商品混凝土生产、销售；水泥制品制造；建筑材料、五金交电、装饰材料销售；建筑机械租赁。',
    products: ['加气混凝土砌块', '预拌混凝土', '保温板', '水泥管', '透水砖'],
    niceClasses: [19, 6, 35],
  },
  {
    key: 'logistics', tags: TAG_TRANSPORT,
    weights: { enterprise: 5, individual_business: 2, cooperative: 0 },
    companyWords: ['物流', '运输', '供应链管理', '货运', '冷链物流'],
    shops: [['货运部', c('G5431', '普通货物道路运输')], ['快递服务站', c('G6020', '快递服务')]],
    coopWords: [],
    classes: [c('G5431', '普通货物道路运输'), c('G5821', '货物运输代理'), c('G5920', '通用仓储')],
    scope: '普通货物道路运输；仓储服务（不含危险化学品）；货物运输代理；装卸搬运；供应链管理服务。',
    products: ['冷链配送', '城乡配送', '仓储管理', '物流信息'],
    niceClasses: [35, 39],
  },
  {
    key: 'trade', tags: TAG_RETAIL,
    weights: { enterprise: 10, individual_business: 14, cooperative: 0 },
    companyWords: ['商贸', '贸易', '百货', '商业'],
    shops: [
      ['便利店', c('F5213', '便利店零售')], ['超市', c('F5212', '超级市场零售')], ['日用百货店', c('F5211', '百货零售')],
      ['副食店', c('F5219', '其他综合零售')], ['商行', c('F5219', '其他综合零售')],
    ],
    coopWords: [],
    classes: [c('F5199', '其他未列明批发业'), c('F5211', '百货零售'), c('F5124', '肉、禽、蛋、奶及水产品批发')],
    scope: '日用百货、五金交电、建筑材料、农副产品、预包装食品销售；货物进出口；技术进出口。',
    products: ['日用百货', '粮油', '副食品', '家电'],
    niceClasses: [35, 21, 30],
  },
  {
    key: 'tech', tags: TAG_TECH,
    weights: { enterprise: 7, individual_business: 2, cooperative: 0 },
    companyWords: ['科技', '信息技术', '网络科技', '软件科技', '智能科技', '数据科技'],
    shops: [['电脑维修部', c('O8121', '计算机和辅助设备修理')], ['手机维修店', c('O8122', '通讯设备修理')]],
    coopWords: [],
    classes: [c('I6513', '应用软件开发'), c('I6531', '信息系统集成服务'), c('M7519', '其他技术推广服务')],
    scope: '软件开发；信息系统集成服务；信息技术咨询服务；数据处理和存储支持服务；计算机软硬件及辅助设备销售。',
    products: ['智慧农业', '智慧政务', '数据中台', '物联网监测', '电子商务', '智慧物流', '信用信息'],
    niceClasses: [9, 35, 42],
  },
  {
    key: 'agri', tags: TAG_AGRI,
    weights: { enterprise: 5, individual_business: 4, cooperative: 12 },
    companyWords: ['农业', '农业科技', '农业开发', '生态农业', '农牧'],
    shops: [['家庭农场', c('A0141', '蔬菜种植')], ['种植家庭农场', c('A0113', '玉米种植')], ['养殖场', c('A0314', '羊的饲养')]],
    coopWords: [
      ['蔬菜种植', c('A0141', '蔬菜种植')], ['马铃薯种植', c('A0123', '薯类种植')], ['小杂粮种植', c('A0119', '其他谷物种植')],
      ['黄花菜种植', c('A0141', '蔬菜种植')], ['硒砂瓜种植', c('A0159', '其他水果种植')], ['农机服务', c('A0512', '农业机械活动')],
      ['玉米种植', c('A0113', '玉米种植')], ['设施农业', c('A0141', '蔬菜种植')],
    ],
    classes: [c('A0141', '蔬菜种植'), c('A0113', '玉米种植'), c('A0512', '农业机械活动')],
    scope: '农作物种植、销售；农业技术推广服务；农业机械服务；农产品初加工；农副产品收购、销售。',
    products: ['冷凉蔬菜', '硒砂瓜', '马铃薯', '黄花菜', '小杂粮', '设施蔬菜'],
    niceClasses: [31, 29, 35],
  },
  {
    key: 'ecommerce', tags: TAG_TECH | TAG_RETAIL,
    weights: { enterprise: 4, individual_business: 2, cooperative: 0 },
    companyWords: ['电子商务', '电商', '网络科技'],
    shops: [['网店', c('F5292', '互联网零售')], ['电商服务站', c('F5292', '互联网零售')]],
    coopWords: [],
    classes: [c('F5292', '互联网零售'), c('F5193', '互联网批发')],
    scope: '互联网销售（除销售需要许可的商品）；农副产品电子商务；网络技术服务；直播电商服务；广告设计、代理。',
    products: ['农特产品电商', '直播带货', '网店运营', '跨境电商'],
    niceClasses: [35, 9, 42],
  },
  {
    key: 'construction', tags: TAG_INDUSTRIAL,
    weights: { enterprise: 5, individual_business: 0, cooperative: 0 },
    companyWords: ['建筑工程', '建设工程', '建筑安装', '市政工程', '建设'],
    shops: [],
    coopWords: [],
    classes: [c('E4710', '住宅房屋建筑'), c('E4790', '其他房屋建筑业'), c('E4813', '市政道路工程建筑')],
    scope: '房屋建筑工程、市政公用工程、水利水电工程施工；建筑劳务分包；园林绿化工程施工。',
    products: ['装配式建筑', '模板支撑', '施工管理', '节能墙体'],
    niceClasses: [37, 19],
  },
  {
    key: 'services', tags: 0,
    weights: { enterprise: 6, individual_business: 10, cooperative: 0 },
    companyWords: ['物业管理', '汽车服务', '文化传媒', '旅游', '家政服务', '餐饮管理'],
    shops: [
      ['理发店', c('O8040', '理发及美容服务')], ['美容美发店', c('O8040', '理发及美容服务')], ['汽车修理部', c('O8111', '汽车修理与维护')],
      ['洗车行', c('O8111', '汽车修理与维护')], ['照相馆', c('O8060', '摄影扩印服务')], ['茶馆', c('H6231', '茶馆服务')],
    ],
    coopWords: [],
    classes: [c('K7020', '物业管理'), c('O8111', '汽车修理与维护'), c('L7259', '其他广告服务')],
    scope: '物业管理；家政服务；汽车维修与保养；广告设计、制作、代理；会议及展览服务；旅游信息咨询。',
    products: ['物业服务', '文旅服务', '广告传媒', '家政服务'],
    niceClasses: [35, 37, 41, 43, 44],
  },
]

export const PROFILE_TABLES: Readonly<Record<EntityKind, WeightedTable<IndustryProfile>>> = {
  enterprise: weightedTable(INDUSTRY_PROFILES.filter((p) => p.weights.enterprise > 0).map((p) => [p, p.weights.enterprise] as const)),
  individual_business: weightedTable(
    INDUSTRY_PROFILES.filter((p) => p.weights.individual_business > 0 && p.shops.length > 0).map((p) => [p, p.weights.individual_business] as const),
  ),
  cooperative: weightedTable(
    INDUSTRY_PROFILES.filter((p) => p.weights.cooperative > 0 && p.coopWords.length > 0).map((p) => [p, p.weights.cooperative] as const),
  ),
}

export const PROFILE_BY_KEY: ReadonlyMap<string, IndustryProfile> = new Map(INDUSTRY_PROFILES.map((p) => [p.key, p]))

/** Banks lending in Ningxia (质权人 / 抵押权人). */
export const BANKS: readonly string[] = [
  '宁夏银行股份有限公司', '宁夏黄河农村商业银行股份有限公司', '石嘴山银行股份有限公司',
  '中国工商银行股份有限公司宁夏回族自治区分行', '中国农业银行股份有限公司宁夏回族自治区分行',
  '中国银行股份有限公司宁夏回族自治区分行', '中国建设银行股份有限公司宁夏回族自治区分行',
  '交通银行股份有限公司宁夏回族自治区分行', '中国邮政储蓄银行股份有限公司宁夏回族自治区分行',
  '银川农村商业银行股份有限公司', '吴忠滨河村镇银行股份有限公司', '国家开发银行宁夏回族自治区分行',
]

/** Invented law firms and liquidation firms used as 破产管理人. */
export const LAW_FIRMS: readonly string[] = [
  '宁夏鑫正律师事务所', '宁夏恒信律师事务所', '宁夏朔方律师事务所', '宁夏明德律师事务所', '宁夏唐徕律师事务所',
  '宁夏汉延律师事务所', '宁夏和顺清算事务所有限公司', '宁夏正诚会计师事务所（普通合伙）',
]
