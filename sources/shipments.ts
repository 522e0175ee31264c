/**
 * shipments: one row per container carried on a train (data contract, "shipments").
 * Unique key: (service, shipment_id); the first row by (file name, line) wins.
 */
import type { SourceSpec } from './schema.js';

/** Columns, parsed view and row rules of a shipments file. */
export const shipmentsSpec: SourceSpec = {
  kind: 'shipments',
  rawTable: 'raw_shipments',
  columns: [
    { name: 'shipment_id', required: true, aliases: ['shipment', 'container_id'] },
    { name: 'train_id', required: true, aliases: ['train', 'train_no'] },
    { name: 'service', required: true, aliases: ['service_id'] },
    { name: 'departure_date', required: true, aliases: ['departure', 'dep_date'] },
    { name: 'arrival_date', required: false, aliases: ['arrival', 'arr_date'] },
    { name: 'origin_station', required: true },
    { name: 'destination_station', required: true },
    { name: 'origin_country', required: true },
    { name: 'destination_country', required: true },
    { name: 'teu', required: true },
    { name: 'gross_weight_kg', required: false, aliases: ['gross_weight', 'weight_kg'] },
  ],
  parsed: [
    'tb_text(r.shipment_id) AS p_shipment_id',
    'tb_text(r.train_id) AS p_train_id',
    'lower(tb_text(r.service)) AS p_service',
    'tb_date(r.departure_date) AS p_departure_date',
    'tb_date(r.arrival_date) AS p_arrival_date',
    'tb_text(r.origin_station) AS p_origin_station',
    'tb_text(r.destination_station) AS p_destination_station',
    'upper(tb_text(r.origin_country)) AS p_origin_country',
    'upper(tb_text(r.destination_country)) AS p_destination_country',
    'tb_dec(r.teu) AS p_teu',
    'tb_dec(r.gross_weight_kg) AS p_gross_weight_kg',
  ],
  rules: [
    { column: 'shipment_id', code: 'required', when: 'p_shipment_id IS NULL' },
    { column: 'train_id', code: 'required', when: 'p_train_id IS NULL' },
    { column: 'service', code: 'required', when: 'p_service IS NULL' },
    { column: 'service', code: 'unknownService', when: 'p_service NOT IN (SELECT id FROM ref_services)' },
    { column: 'departure_date', code: 'required', when: 'tb_text(r.departure_date) IS NULL' },
    { column: 'departure_date', code: 'notDate', when: 'tb_text(r.departure_date) IS NOT NULL AND p_departure_date IS NULL' },
    { column: 'departure_date', code: 'beforeLaunch', when: 'p_departure_date < (SELECT launch_date FROM ref_services WHERE id = p_service)' },
    { column: 'arrival_date', code: 'notDate', when: 'tb_text(r.arrival_date) IS NOT NULL AND p_arrival_date IS NULL' },
    { column: 'arrival_date', code: 'arrivalBeforeDeparture', when: 'p_arrival_date < p_departure_date' },
    { column: 'origin_station', code: 'required', when: 'p_origin_station IS NULL' },
    { column: 'destination_station', code: 'required', when: 'p_destination_station IS NULL' },
    { column: 'origin_country', code: 'required', when: 'p_origin_country IS NULL' },
    { column: 'origin_country', code: 'notCountry', when: 'p_origin_country NOT IN (SELECT code FROM ref_countries)' },
    { column: 'destination_country', code: 'required', when: 'p_destination_country IS NULL' },
    { column: 'destination_country', code: 'notCountry', when: 'p_destination_country NOT IN (SELECT code FROM ref_countries)' },
    { column: 'teu', code: 'required', when: 'tb_text(r.teu) IS NULL' },
    { column: 'teu', code: 'notNumber', when: 'tb_text(r.teu) IS NOT NULL AND tb_numtext(r.teu) IS NULL' },
    { column: 'teu', code: 'tooManyDecimals', when: 'tb_toomanydec(r.teu)' },
    { column: 'teu', code: 'numberTooLarge', when: 'tb_numtext(r.teu) IS NOT NULL AND NOT tb_toomanydec(r.teu) AND p_teu IS NULL' },
    { column: 'teu', code: 'teuRange', when: 'p_teu <= 0 OR p_teu > 3' },
    { column: 'gross_weight_kg', code: 'notNumber', when: 'tb_text(r.gross_weight_kg) IS NOT NULL AND tb_numtext(r.gross_weight_kg) IS NULL' },
    { column: 'gross_weight_kg', code: 'tooManyDecimals', when: 'tb_toomanydec(r.gross_weight_kg)' },
    { column: 'gross_weight_kg', code: 'numberTooLarge', when: 'tb_numtext(r.gross_weight_kg) IS NOT NULL AND NOT tb_toomanydec(r.gross_weight_kg) AND p_gross_weight_kg IS NULL' },
    { column: 'gross_weight_kg', code: 'negative', when: 'p_gross_weight_kg < 0' },
  ],
};
