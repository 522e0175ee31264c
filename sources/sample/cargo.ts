/**
 * What the sample trains carry: cargo classes with HS codes and English descriptions, a
 * relative value per container, and the class and currency mix of each flow (service,
 * direction and, for the ASEAN Express, the loading country).
 */

/** A goods line template: HS code (6–10 digits) and description. */
export interface CargoItem {
  hs: string;
  description: string;
}

/** A kind of container load. `value` is relative value per container (1 ≈ the service mean). */
export interface CargoClass {
  id: string;
  value: number;
  items: readonly CargoItem[];
}

const i = (hs: string, description: string): CargoItem => ({ hs, description });
const c = (id: string, value: number, items: CargoItem[]): CargoClass => ({ id, value, items });

// Chang'an, outbound CN → KZ (Chinese 10-digit tariff lines)
const ELECTRONICS_CN = c('electronics', 1.7, [
  i('8517130000', 'Smartphones'),
  i('8471300000', 'Portable computers (laptops)'),
  i('8528520000', 'LCD monitors'),
  i('8542310000', 'Integrated circuits, processors and controllers'),
  i('8541430000', 'Photovoltaic modules'),
  i('8504403000', 'Power supply units'),
  i('8544421100', 'Insulated cables with connectors'),
]);
const NEV_CN = c('nev', 1.5, [
  i('8703800010', 'Battery-electric passenger cars (new-energy vehicles)'),
  i('8703600010', 'Plug-in hybrid passenger cars'),
  i('8507600000', 'Lithium-ion accumulators for vehicles'),
]);
const AUTO_PARTS_CN = c('auto-parts', 1.0, [
  i('8708299000', 'Body parts for motor vehicles'),
  i('8708309900', 'Brakes and servo-brakes, parts'),
  i('8708409900', 'Gearboxes and parts thereof'),
  i('8708999900', 'Other parts and accessories of motor vehicles'),
  i('4011100000', 'New pneumatic tyres for motor cars'),
]);
const MACHINERY_CN = c('machinery', 1.0, [
  i('8429521200', 'Crawler excavators'),
  i('8413702000', 'Centrifugal pumps'),
  i('8481804000', 'Valves, ball type'),
  i('8418102000', 'Combined refrigerator-freezers'),
  i('8450111000', 'Household washing machines'),
  i('8431499000', 'Parts of construction machinery'),
]);
const CONSUMER_CN = c('consumer', 0.5, [
  i('9403600000', 'Wooden furniture'),
  i('9503009000', 'Toys'),
  i('3924100000', 'Plastic tableware and kitchenware'),
  i('6911101900', 'Porcelain tableware'),
  i('9405110000', 'LED luminaires'),
]);
const FASHION_CN = c('fashion', 0.6, [
  i('6110309000', 'Sweaters and pullovers of man-made fibres'),
  i('6203420000', "Men's trousers of cotton"),
  i('6402999000', 'Footwear with rubber or plastic soles'),
  i('5407520000', 'Dyed woven fabrics of polyester'),
]);
const CHEMICALS_CN = c('chemicals', 0.35, [
  i('3907610000', 'PET resin'),
  i('3102100010', 'Urea fertiliser'),
  i('2917361000', 'Terephthalic acid'),
  i('3208209000', 'Acrylic paints and varnishes'),
]);
const MEDICAL_CN = c('medical', 1.6, [
  i('9018390000', 'Catheters, cannulae and the like'),
  i('9027899000', 'Laboratory analysis instruments'),
  i('9031809000', 'Measuring and checking instruments'),
  i('9018199000', 'Electro-diagnostic apparatus'),
]);

// Chang'an, inbound KZ → CN
const GRAIN_KZ = c('grain', 0.12, [
  i('1001990000', 'Wheat'),
  i('1003900000', 'Barley'),
  i('1107100000', 'Malt, not roasted'),
  i('1101000000', 'Wheat flour'),
]);
const OILSEED_KZ = c('oilseed', 0.16, [
  i('1204000000', 'Flaxseed (linseed)'),
  i('1206000000', 'Sunflower seeds'),
  i('1512110000', 'Crude sunflower-seed oil'),
]);
const METALS_KZ = c('metals', 1.4, [
  i('7403111000', 'Refined copper cathodes'),
  i('7901120000', 'Unwrought zinc, not alloyed'),
  i('7202410000', 'Ferrochromium'),
  i('7601100000', 'Unwrought aluminium'),
]);
const CHEMICALS_KZ = c('chemicals', 0.22, [
  i('2503000000', 'Sulphur'),
  i('3901200000', 'Polyethylene'),
  i('3902100000', 'Polypropylene'),
]);
const MEAT_KZ = c('cold-chain', 0.5, [
  i('0204430000', 'Frozen boneless sheep meat'),
  i('0202300090', 'Frozen boneless beef'),
]);

// ASEAN Express, outbound (8-digit ASEAN tariff lines, 10-digit for Chinese cargo)
const ELECTRONICS_SEA = c('electronics', 1.7, [
  i('85171300', 'Smartphones'),
  i('85176299', 'Network communication equipment'),
  i('85414300', 'Solar panels'),
  i('85423100', 'Processors and controllers'),
  i('84713020', 'Laptops'),
]);
const FASHION_SEA = c('fashion', 0.6, [
  i('61091010', 'T-shirts of cotton'),
  i('62034290', "Men's trousers, cotton"),
  i('64041190', 'Sports footwear'),
  i('64039990', 'Footwear with leather uppers'),
  i('42022100', 'Handbags with outer surface of leather'),
]);
const FURNITURE_SEA = c('consumer', 0.45, [
  i('94036090', 'Wooden furniture'),
  i('94016100', 'Upholstered seats with wooden frames'),
  i('95030099', 'Toys'),
  i('39241090', 'Plastic household articles'),
]);
const AGRI_SEA = c('agri', 0.28, [
  i('09011110', 'Coffee, not roasted (robusta)'),
  i('40012290', 'Natural rubber, technically specified'),
  i('11081400', 'Cassava starch'),
  i('10063099', 'Milled rice'),
  i('08013200', 'Cashew nuts, shelled'),
  i('09041120', 'Black pepper'),
]);
const COLD_SEA = c('cold-chain', 0.55, [
  i('08119000', 'Frozen durian pulp'),
  i('03061719', 'Frozen shrimps'),
  i('03046200', 'Frozen pangasius fillets'),
]);
const AUTO_PARTS_SEA = c('auto-parts', 0.9, [
  i('87089999', 'Parts and accessories of motor vehicles'),
  i('40111000', 'New pneumatic tyres for motor cars'),
  i('85122020', 'Lighting equipment for motor vehicles'),
]);
const CHONGQING = c('electronics', 1.6, [
  i('8471300000', 'Laptops'),
  i('8443321000', 'Printers'),
  i('8711600010', 'Electric motorcycles'),
  i('8703800010', 'Battery-electric passenger cars (new-energy vehicles)'),
  i('9018199000', 'Medical monitoring equipment'),
]);

// ASEAN Express, return trains from Europe
const MACHINERY_EU = c('machinery', 1.3, [
  i('84798999', 'Industrial machines, n.e.s.'),
  i('84571010', 'Machining centres for metal'),
  i('84834000', 'Gears and gearing, ball screws'),
]);
const CARS_EU = c('vehicles', 1.5, [
  i('87032390', 'Passenger cars, spark-ignition, 1,500–3,000 cc'),
  i('87089999', 'Parts and accessories of motor vehicles'),
]);
const MEDICAL_EU = c('medical', 1.6, [
  i('90189099', 'Medical instruments and appliances'),
  i('30049099', 'Medicaments, packaged for retail sale'),
  i('90318090', 'Measuring and checking instruments'),
]);
const FOOD_EU = c('food', 0.4, [
  i('04022190', 'Milk powder, unsweetened'),
  i('22042100', 'Wine in containers of 2 litres or less'),
  i('33049900', 'Cosmetics and skin-care preparations'),
]);

/** A flow: the class mix of its containers and the currency mix of its invoices. */
export interface Flow {
  classes: readonly (readonly [CargoClass, number])[];
  currencies: readonly (readonly [string, number])[];
}

/** Flows by key: `changan-out`, `changan-in`, `asean-out-VN|LA|TH|CN`, `asean-in`. */
// prettier-ignore
export const FLOWS: Readonly<Record<string, Flow>> = {
  'changan-out': {
    classes: [[ELECTRONICS_CN, 24], [AUTO_PARTS_CN, 15], [NEV_CN, 10], [MACHINERY_CN, 15], [CONSUMER_CN, 14],
      [FASHION_CN, 10], [CHEMICALS_CN, 7], [MEDICAL_CN, 5]],
    currencies: [['CNY', 80], ['USD', 17], ['KZT', 3]],
  },
  'changan-in': {
    classes: [[GRAIN_KZ, 30], [OILSEED_KZ, 25], [METALS_KZ, 25], [CHEMICALS_KZ, 12], [MEAT_KZ, 8]],
    currencies: [['CNY', 62], ['USD', 28], ['KZT', 10]],
  },
  'asean-out-VN': {
    classes: [[ELECTRONICS_SEA, 35], [FASHION_SEA, 25], [FURNITURE_SEA, 20], [AGRI_SEA, 12], [COLD_SEA, 8]],
    currencies: [['USD', 40], ['CNY', 30], ['VND', 20], ['EUR', 10]],
  },
  'asean-out-LA': {
    classes: [[AGRI_SEA, 55], [FURNITURE_SEA, 25], [COLD_SEA, 20]],
    currencies: [['USD', 60], ['CNY', 30], ['EUR', 10]],
  },
  'asean-out-TH': {
    classes: [[AUTO_PARTS_SEA, 35], [AGRI_SEA, 30], [ELECTRONICS_SEA, 20], [COLD_SEA, 15]],
    currencies: [['USD', 60], ['CNY', 25], ['EUR', 15]],
  },
  'asean-out-CN': {
    classes: [[CHONGQING, 100]],
    currencies: [['CNY', 70], ['USD', 15], ['EUR', 15]],
  },
  // Return trains carry more food and consumer goods than machinery.
  'asean-in': {
    classes: [[MACHINERY_EU, 30], [CARS_EU, 15], [MEDICAL_EU, 15], [FOOD_EU, 40]],
    currencies: [['EUR', 60], ['CNY', 25], ['USD', 15]],
  },
};

/** Decimals an amount in `currency` is written with (the dong has no minor unit). */
export function currencyDecimals(currency: string): number {
  return currency === 'VND' ? 0 : 2;
}
