/** The three inbox kinds, in the order they are validated (shipments before the values that join them). */
import { fxSpec } from './fx.js';
import { shipmentsSpec } from './shipments.js';
import { valuesSpec } from './values.js';
import type { Kind, SourceSpec } from './schema.js';

export const sourceSpecs: Record<Kind, SourceSpec> = {
  shipments: shipmentsSpec,
  values: valuesSpec,
  fx: fxSpec,
};

export const kinds: readonly Kind[] = ['fx', 'shipments', 'values'];
