/** Observed traffic judged against a declaration: flow-log readers, the judge, the report, suggestions. */

export { Aggregator, type ConnectionGroup } from "./aggregate";
export { addressBook, nameAddresses } from "./cluster";
export { type JudgedGroup, type Judgement, judge } from "./judge";
export { FlowInputError, type FlowRecord, type ObservedParty, type ReadResult } from "./model";
export { type FlowFormat, FORMATS_READ, readFlowLog } from "./read";
export { renderObserveText } from "./render";
export { buildReport, type ObserveReport, type ReportEndpoint, type ReportRow } from "./report";
