import type { DeclarationType, TransportMode } from './declaration.dto';

/** Plain shape of a validated declaration, as the scoring domain sees it. */
export interface DeclarationItem {
  lineNo: number;
  hsCode: string;
  description?: string;
  countryOfOrigin?: string;
  originIndicator?: string;
  netMassKg?: number;
  grossMassKg?: number;
  quantity?: number;
  unit?: string;
  customsValue?: number;
  currency?: string;
  taxRate?: number;
  taxType?: string;
  preference?: string;
}

export interface Declaration {
  declarationId: string;
  version: number;
  submittedAt: string;
  type: DeclarationType;
  officeCode: string;
  procedure?: { processType?: string; importType?: string; importUse?: string; paymentType?: string };
  transportMode?: TransportMode;
  declarant?: { id: string };
  importer?: { id: string; name?: string; aeo?: boolean };
  exporter?: { id: string; name?: string; country?: string };
  seller?: { id: string; name?: string; country?: string };
  courier?: { id: string };
  countryOfDeparture?: string;
  countryOfDestination?: string;
  routing?: string[];
  conveyance?: { mode?: TransportMode; id?: string };
  containers?: string[];
  items: DeclarationItem[];
}
