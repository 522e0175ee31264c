/**
 * The stations the sample shipments name, with the spellings written into the inbox. Each
 * spelling is the name or one of the aliases in `sources/reference/stations.csv`.
 */

/** A station as the sample uses it. */
export interface SampleStation {
  id: string;
  country: string;
  /** Spelling in most files. */
  en: string;
  /** Spelling in the GB18030 customs export. */
  zh: string;
}

const s = (id: string, country: string, en: string, zh: string): SampleStation => ({ id, country, en, zh });

/** Stations by id. */
export const STATIONS = {
  xian: s('xian-chanba', 'CN', "Xi'an International Port", '西安国际港站'),
  almaty: s('almaty', 'KZ', 'Almaty', '阿拉木图'),
  hanoi: s('hanoi-an-yen', 'VN', 'Hanoi An Yen', '安园站'),
  chongqing: s('chongqing-tuanjie', 'CN', 'Chongqing Tuanjie Village', '团结村站'),
  vientiane: s('vientiane-south', 'LA', 'Vientiane South', '万象南站'),
  bangkok: s('bangkok-lat-krabang', 'TH', 'Bangkok Lat Krabang', '曼谷拉甲邦'),
  duisburg: s('duisburg', 'DE', 'Duisburg', '杜伊斯堡'),
  budapest: s('budapest', 'HU', 'Budapest', '布达佩斯'),
} as const satisfies Record<string, SampleStation>;

/** Service ids as in `sources/reference/services.csv`. */
export const SERVICE = { changan: 'changan-xian-almaty', asean: 'asean-express' } as const;

/** Short service key used in file names and ids. */
export type ServiceKey = keyof typeof SERVICE;
