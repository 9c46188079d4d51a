// The status registry, the percent rule and the calendar-date check alone (parser/lib/statuses.ts, counts.ts,
// dates.ts), a second public entry beside parser/index.ts: a command that only prints statuses or counts
// (`tickmark next`, `status` of an unchanged plan, `list` handed to the dashboard) need not load remark to do it
// (decisions 050, 051).
export { STATUSES, STATUS_INFO, type Status, type StatusInfo } from './lib/statuses';
export { percentDone } from './lib/counts';
export { isIsoDate } from './lib/dates';
