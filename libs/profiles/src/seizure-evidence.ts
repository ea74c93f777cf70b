import type { Declaration, SeizureRecord } from '@app/contracts';

/**
 * A seizure seen as the declaration it stopped, so it can feed the same profile dimensions:
 * office, transport mode, departure and routing, origin, HS code, and the offending company as
 * importer. Dimensions the seizure does not describe (tax type, declarant, ...) get nothing.
 */
export function seizureAsDeclaration(seizure: SeizureRecord): Declaration {
  const company = seizure.offenders?.find((offender) => offender.kind === 'COMPANY');
  return {
    declarationId: seizure.declarationId ?? `SEIZURE-${seizure.seizureId}`,
    version: 1,
    submittedAt: seizure.seizedAt,
    type: 'IMPORT',
    officeCode: seizure.officeCode ?? seizure.country ?? 'UNKNOWN',
    transportMode: seizure.transportMode,
    countryOfDeparture: seizure.countryOfDeparture,
    countryOfDestination: seizure.countryOfDestination,
    routing: seizure.route,
    importer: company ? { id: company.id } : undefined,
    items: [{ lineNo: 1, hsCode: seizure.hsCode ?? '', countryOfOrigin: seizure.countryOfOrigin }],
  };
}
