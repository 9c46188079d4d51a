// The status registry alone (parser/lib/statuses.ts), a second public entry beside parser/index.ts: a command
// that only prints statuses (`tickmark next`, `list` handed to the dashboard) need not load remark to do it.
export { STATUSES, STATUS_INFO, type Status, type StatusInfo } from './lib/statuses';
