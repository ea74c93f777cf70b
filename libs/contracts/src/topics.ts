/** Kafka topics the engine reads and writes. The suffix is the contract version. */
export enum Topic {
  Declarations = 'customs.declarations.v1',
  DeclarationsDeadLetter = 'customs.declarations.v1.dlq',
  RiskDecisions = 'customs.risk-decisions.v1',
  InspectionOutcomes = 'customs.inspection-outcomes.v1',
  Seizures = 'customs.seizures.v1',
  HistoryDeadLetter = 'customs.history.v1.dlq',
  RiskAlerts = 'customs.risk-alerts.v1',
}
