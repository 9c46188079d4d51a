// The dashboard's database reads, behind the `.server` boundary so they never reach the browser bundle.
export * from '../../db/queries/index';
