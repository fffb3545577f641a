/* runs:compare over stored runs (see ../compare.ts for what it computes). */
import { ApiFailure } from '../errors.ts';
import { compareRuns } from '../compare.ts';
import { defineHandlers } from '../handler.ts';

export const compareHandlers = defineHandlers({
  'runs:compare': (input, ctx) => {
    const dup = input.ids.find((id, i) => input.ids.indexOf(id) !== i);
    if (dup !== undefined) throw new ApiFailure('invalid_input', `run ${dup} is listed twice`, [{ path: 'ids', message: `run ${dup} is listed twice` }]);
    const runs = input.ids.map((id) => ctx.store.runs.mustGet(id));
    return compareRuns(runs, (id) => ctx.store.runs.requests(id));
  },
});
