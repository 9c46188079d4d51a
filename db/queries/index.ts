// Read-side queries shared by the CLI and the dashboard.
export * from './counts';
export * from './plans';
export * from './phases';
export * from './burndown';
export * from './items';
export * from './next';
export * from './diagnostics';
export * from './sources';
export * from './activity';
