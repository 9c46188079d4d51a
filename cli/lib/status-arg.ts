// STATUS as typed on the command line.
import { STATUSES, statusNamed, type Status } from '../../parser/index';
import { UsageError } from './errors';

export function parseStatusArg(text: string): Status {
  const status = statusNamed(text);
  if (!status) throw new UsageError(`unknown status '${text}'; use one of ${STATUSES.join(', ')}`);
  return status;
}
